package io.darkwatch.capture.live;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.broker.SharedKafka;
import io.darkwatch.capture.CaptureProducerMain;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.capture.testing.PacketsTopic;
import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.topic.TopicInitializer;
import io.darkwatch.common.topic.Topics;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code capture} command as a process: started on loopback, sent packets, then stopped with
 * SIGTERM, which must drain what was captured and flush it to Kafka before the JVM exits.
 */
@Timeout(120)
class CaptureCommandIT {
    private static final InetAddress LOCALHOST = InetAddress.getLoopbackAddress();
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
    void shouldPublishEverythingCapturedBeforeSigterm() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, LOCALHOST)) {
            port = s.getLocalPort();
        }
        int metricsPort;
        try (ServerSocket s = new ServerSocket(0, 1, LOCALHOST)) {
            metricsPort = s.getLocalPort();
        }
        String sensor = "sigterm-it-" + port;
        try (KafkaConsumer<String, PacketBlock> consumer = PacketsTopic.consumer(bootstrap)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.PACKETS.name(), Duration.ofSeconds(30))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, Long> start = consumer.endOffsets(partitions);

            // Given the command capturing UDP to one port on lo, in its own JVM
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // (output to files: reading a child's pipes while it exits can fail with "Stream closed")
            Path stdout = Files.createTempFile(tmp, "stdout", ".txt");
            Path stderr = Files.createTempFile(tmp, "stderr", ".txt");
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    CaptureProducerMain.class.getName(), "capture", "--interface", "lo", "--filter",
                    "udp dst port " + port, "--bootstrap-servers", bootstrap, "--sensor-id", sensor,
                    "--producer-property", "linger.ms=1000", "--metrics-port", String.valueOf(metricsPort))
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            try {
                waitFor(() -> read(stderr).contains("capturing on") || read(stderr).contains("error:")
                        || !process.isAlive(), stderr, 60);
            } catch (AssertionError e) {
                process.destroyForcibly();
                throw e;
            }
            Assumptions.assumeFalse(read(stderr).contains("No such device"), () -> "no interface lo: " + read(stderr));
            assertTrue(process.isAlive(), () -> "the command ended: " + read(stderr));

            // And while it captures, it is ready and serves libpcap's counters to Prometheus
            HttpClient http = HttpClient.newHttpClient();
            var ready = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metricsPort + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
            var metrics = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            List<Sample> samples = Sample.parse(metrics);
            for (String name : List.of("darkwatch_capture_pcap_received", "darkwatch_packets_published_total",
                    "darkwatch_blocks_published_total", "darkwatch_geoip_lookup_seconds_count",
                    "kafka_producer_record_send_total")) {
                assertTrue(samples.stream().anyMatch(x -> x.name().equals(name)
                        && sensor.equals(x.labels().get("sensor"))), () -> name + " with sensor=" + sensor + " is served: "
                        + metrics);
            }

            // When six datagrams are sent and SIGTERM follows at once (linger.ms=1000: nothing sent yet)
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOCALHOST, 0))) {
                for (int i = 1; i <= 6; i++) {
                    udp.send(new DatagramPacket(new byte[i], i, LOCALHOST, port));
                }
            }
            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command stops on SIGTERM");

            // Then all six arrived in Kafka, and the command printed its counts before exiting
            assertEquals(143, process.exitValue(), () -> "killed by SIGTERM after the shutdown hook: " + read(stderr));
            List<PacketSummary> packets = PacketsTopic.packets(PacketsTopic.readFrom(consumer, start)).stream()
                    .filter(p -> p.sensorId().equals(sensor)).toList();
            assertEquals(6, packets.size(), () -> "packets " + packets + "\nstdout " + read(stdout) + "\nstderr "
                    + read(stderr));
            assertTrue(packets.stream().allMatch(p -> p.protocol() == IpProtocol.UDP && p.dstPort() == port));
            assertEquals(List.of(43, 44, 45, 46, 47, 48), packets.stream().map(PacketSummary::length).sorted().toList());
            assertTrue(read(stdout).contains("published:     6"), () -> read(stdout));
            assertTrue(read(stdout).contains("dropped (queue full): 0"), () -> read(stdout));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Path output, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out; output so far: " + read(output));
            }
            Thread.sleep(50);
        }
    }

    /** One sample of the Prometheus text format: name, labels, value. */
    private record Sample(String name, Map<String, String> labels, double value) {
        private static final java.util.regex.Pattern LINE = java.util.regex.Pattern.compile(
                "^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)(?: \\d+)?$");
        private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile(
                "([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

        private static double value(String text) {
            return switch (text) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(text);
            };
        }

        static List<Sample> parse(String text) {
            return text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> {
                java.util.regex.Matcher m = LINE.matcher(l);
                if (!m.matches()) {
                    throw new AssertionError("not a Prometheus sample line: " + l);
                }
                Map<String, String> labels = new java.util.HashMap<>();
                if (m.group(2) != null) {
                    java.util.regex.Matcher lm = LABEL.matcher(m.group(2));
                    while (lm.find()) {
                        labels.put(lm.group(1), lm.group(2));
                    }
                }
                return new Sample(m.group(1), labels, value(m.group(3)));
            }).toList();
        }
    }
}
