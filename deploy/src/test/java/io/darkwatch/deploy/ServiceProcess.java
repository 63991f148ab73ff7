package io.darkwatch.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A darkwatch service as its own JVM process, as a container runs it: its own environment (the
 * only way to hand it {@code DARKWATCH_KAFKA_*} variables), stdout and stderr captured to files.
 */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path out;
    private final Path err;

    private ServiceProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code mainClass args…} on this JVM's class path with these extra environment variables. */
    static ServiceProcess start(Path logDir, String name, String mainClass, Map<String, String> environment,
            String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        // Only what the test hands over: none of the build's own DARKWATCH_* variables leak in.
        pb.environment().keySet().removeIf(k -> k.startsWith("DARKWATCH_"));
        pb.environment().putAll(environment);
        Path out = logDir.resolve(name + ".out");
        Path err = logDir.resolve(name + ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        try {
            return new ServiceProcess(pb.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
    }

    /** Waits for the process to end; its exit code. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + "; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Polls a URL until it answers 200 (true) or the process ends or time runs out (false). */
    boolean awaitOk(String url, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (get(url) == 200) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    static int get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static String body(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    String stdout() {
        return read(out);
    }

    String stderr() {
        return read(err);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ")";
        }
    }

    /** SIGTERM, as Kubernetes and Docker stop a container; then waits for the process to end. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** Stops them all at once (each shutdown takes seconds; one after the other would add up). */
    static void stopAll(List<ServiceProcess> processes) throws InterruptedException {
        processes.forEach(p -> p.process.destroy());
        for (ServiceProcess p : processes) {
            p.close();
        }
    }
}
