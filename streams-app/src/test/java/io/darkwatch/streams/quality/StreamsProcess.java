package io.darkwatch.streams.quality;

import io.darkwatch.streams.StreamsMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The streams application as a process of its own ({@link StreamsMain} in a child JVM on this test's
 * class path), so that it can be killed like a real one: {@link #kill()} is SIGKILL
 * ({@link Process#destroyForcibly()}), {@link #stop()} SIGTERM. Its output goes to a log file beside
 * its state directory.
 */
final class StreamsProcess {
    private final Process process;
    private final Path log;

    private StreamsProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static StreamsProcess start(String bootstrapServers, String applicationId, Path stateDir, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), StreamsMain.class.getName(),
                "--bootstrap-servers", bootstrapServers, "--application-id", applicationId,
                "--state-dir", stateDir.toString(), "--replication-factor", "1", "--metrics-port", "-1",
                // A killed member leaves the group after its session times out: 6 s (the broker's minimum)
                // instead of 45 s keeps the restart quick.
                "--kafka-property", "session.timeout.ms=6000", "--kafka-property", "heartbeat.interval.ms=1000"));
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new StreamsProcess(p, log);
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("streams process " + process.pid() + " survived SIGKILL");
        }
    }

    /** SIGTERM (the app closes cleanly and commits); SIGKILL if it has not exited in {@code timeout}. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The last lines of the process's output, for a failure message. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
