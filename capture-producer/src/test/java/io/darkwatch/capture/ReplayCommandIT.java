package io.darkwatch.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.broker.SharedKafka;
import io.darkwatch.capture.testing.PacketsTopic;
import io.darkwatch.capture.testing.TestData;
import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.topic.TopicInitializer;
import io.darkwatch.common.topic.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code replay} command as a process, stopped by SIGTERM half-way: what it read must be published. */
@Timeout(120)
class ReplayCommandIT {
    private static String bootstrap;

    @TempDir
    Path tmp;

    @BeforeAll
    static void createTopics() {
        bootstrap = SharedKafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicInitializer.ensure(admin, Topics.ALL, 3, (short) 1, true);
        }
    }

    @Test
    void shouldPublishEveryPacketReadBeforeSigterm() throws Exception {
        String sensor = "replay-sigterm-" + System.nanoTime();
        try (KafkaConsumer<String, PacketBlock> consumer = PacketsTopic.consumer(bootstrap)) {
            Map<TopicPartition, Long> start = PacketsTopic.endOffsets(consumer);

            // Given the replay of the Teredo capture (78 packets over 30 s) in real time, in its own JVM,
            // with a linger far longer than the test so that only the shutdown can send the open blocks
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path stdout = Files.createTempFile(tmp, "stdout", ".txt");
            Path stderr = Files.createTempFile(tmp, "stderr", ".txt");
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    CaptureProducerMain.class.getName(), "replay", TestData.capture("zeek__tunnels_Teredo.pcap").toString(),
                    "--bootstrap-servers", bootstrap, "--sensor-id", sensor, "--speed", "realtime",
                    "--block-linger", "1m", "--block-span", "1m", "--heartbeat-interval", "1h")
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!read(stderr).contains("GeoIP:") && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(process.isAlive(), () -> "the replay ended early: " + read(stderr));

            // When SIGTERM arrives a few seconds into the 30 s of the capture
            Thread.sleep(3000);
            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the replay stops on SIGTERM");

            // Then it printed how many packets it had read, and exactly that many are on the topic
            assertEquals(143, process.exitValue(), () -> "killed by SIGTERM after the shutdown hook: " + read(stderr));
            Matcher published = Pattern.compile("published:\\s+(\\d+)").matcher(read(stdout));
            assertTrue(published.find(), () -> read(stdout) + read(stderr));
            int read = Integer.parseInt(published.group(1));
            assertTrue(read > 0 && read < 78, "stopped in the middle: " + read);
            assertTrue(read(stdout).contains("TRUNCATED:     stopped"), () -> read(stdout));
            List<PacketSummary> packets = PacketsTopic.packets(PacketsTopic.readFrom(consumer, start)).stream()
                    .filter(p -> p.sensorId().equals(sensor)).toList();
            assertEquals(read, packets.size(), () -> read(stdout) + read(stderr));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
