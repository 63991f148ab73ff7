package io.darkwatch.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.broker.EmbeddedKafkaBroker;
import io.darkwatch.common.topic.Topic;
import io.darkwatch.common.topic.TopicInitializer;
import io.darkwatch.common.topic.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three services, each in its own JVM as in a container, against a real broker that only
 * speaks SASL: credentials handed over as docker-compose and the Helm chart do (DARKWATCH_KAFKA_*
 * variables and a client properties file), and never printed.
 */
class KafkaSecurityIT {
    private static final String PASSWORD = "dw-s3cret-pw-4711";
    private static final String ADMIN_JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"admin\" password=\"admin-secret\"";
    private static final String SCRAM_JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"darkwatch\" password=\"" + PASSWORD + "\";";
    private static final Path SAMPLE = Repo.file("docker/sample/small-events.pcap.gz");
    private static final Pattern PUBLISHED = Pattern.compile("published:\\s+(\\d+)");

    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSaslOnlyBroker() throws Exception {
        // The client listener (named PLAINTEXT) speaks SASL only: PLAIN for the broker itself and this
        // test's admin, SCRAM-SHA-512 and OAUTHBEARER for darkwatch. Nothing gets in unauthenticated.
        Map<String, String> sasl = new HashMap<>();
        sasl.put("listener.security.protocol.map", "PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        sasl.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512,OAUTHBEARER");
        sasl.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        sasl.put("listener.name.plaintext.plain.sasl.jaas.config", ADMIN_JAAS + " user_admin=\"admin-secret\";");
        sasl.put("listener.name.plaintext.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        sasl.put("listener.name.plaintext.oauthbearer.sasl.jaas.config",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;");
        broker = new EmbeddedKafkaBroker(sasl).start();
        try (Admin admin = Admin.create(adminConfig())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("darkwatch",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORD))).all().get();
            TopicInitializer.ensure(admin, Topics.ALL, 1, (short) 1, true);
            io.darkwatch.streams.config.ConfigTopics.ensure(admin, 1);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldReplayCountAndConsumeOverScramWithoutPrintingTheCredentials() throws Exception {
        // Given SCRAM over SASL_PLAINTEXT: the protocol as a variable, mechanism and JAAS line in a file
        Path clientProperties = Files.writeString(dir.resolve("client.properties"),
                "sasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=" + SCRAM_JAAS + "\n");
        Map<String, String> env = Map.of("DARKWATCH_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "DARKWATCH_KAFKA_CONFIG_FILE", clientProperties.toString());
        int capturePort = freePort();
        int streamsPort = freePort();
        int alertingPort = freePort();

        // When streams-app, alerting and a replay of the compose sample run against the SASL-only broker
        ServiceProcess streams = ServiceProcess.start(dir, "streams", "io.darkwatch.streams.StreamsMain", env,
                "--bootstrap-servers", broker.bootstrapServers(), "--state-dir", dir.resolve("state").toString(),
                "--replication-factor", "1", "--metrics-port", String.valueOf(streamsPort),
                "--set", "baseline.min-windows=12");
        ServiceProcess alerting = ServiceProcess.start(dir, "alerting", "io.darkwatch.alerting.AlertingMain",
                        env, "--bootstrap-servers", broker.bootstrapServers(), "--from", "earliest", "--no-grouping",
                        "--topic-replication", "1", "--metrics-port", String.valueOf(alertingPort));
        ServiceProcess replay = ServiceProcess.start(dir, "replay", "io.darkwatch.capture.CaptureProducerMain",
                        env, "replay", SAMPLE.toString(), "--bootstrap-servers", broker.bootstrapServers(),
                        "--sensor-id", "sasl-it", "--speed", "7200x", "--metrics-port", String.valueOf(capturePort));
        try {

            // Then each becomes ready, which for all three means talking to Kafka
            assertTrue(replay.awaitOk("http://127.0.0.1:" + capturePort + "/health/ready", Duration.ofSeconds(60)),
                    "replay not ready:\n" + replay.stderr());
            double publishedWhileRunning = 0;
            for (int i = 0; i < 100 && publishedWhileRunning == 0 && replay.isAlive(); i++) {
                publishedWhileRunning = metric(ServiceProcess.body("http://127.0.0.1:" + capturePort + "/metrics"),
                        "darkwatch_packets_published_total");
                Thread.sleep(100);
            }
            assertTrue(streams.awaitOk("http://127.0.0.1:" + streamsPort + "/health/ready", Duration.ofSeconds(90)),
                    "streams not RUNNING:\n" + streams.stderr());
            assertTrue(alerting.awaitOk("http://127.0.0.1:" + alertingPort + "/health/ready", Duration.ofSeconds(90)),
                    "alerting not consuming:\n" + alerting.stderr());

            // and the replay publishes every packet
            assertEquals(0, replay.waitFor(Duration.ofSeconds(90)), replay.stderr());
            Matcher published = PUBLISHED.matcher(replay.stdout());
            assertTrue(published.find(), replay.stdout());
            long packets = Long.parseLong(published.group(1));
            assertTrue(packets > 50_000, replay.stdout());
            assertTrue(publishedWhileRunning > 0, "the replay serves its counters while it runs (paced at 7200x)");
            // Blocks of packets: fewer records than packets, and at least one
            long records = endOffset(Topics.PACKETS);
            assertTrue(records > 0 && records < packets, records + " records for " + packets + " packets");
            // Streams' output topic fills: it consumed, and produced within its transactions, over SCRAM
            assertTrue(awaitEndOffset(Topics.COUNTRY_WINDOWS, Duration.ofSeconds(60)) > 0,
                    "streams wrote no country windows:\n" + streams.stderr());

            // and no process printed the password, while each said which properties it uses
            for (ServiceProcess p : List.of(streams, alerting, replay)) {
                assertFalse((p.stdout() + p.stderr()).contains(PASSWORD), "the SCRAM password was printed");
                assertTrue(p.stderr().contains("sasl.jaas.config=[redacted] (file " + clientProperties + ")"),
                        p.stderr());
                assertTrue(p.stderr().contains(
                        "security.protocol=SASL_PLAINTEXT (environment DARKWATCH_KAFKA_SECURITY_PROTOCOL)"), p.stderr());
            }
        } finally {
            ServiceProcess.stopAll(List.of(streams, alerting, replay));
        }
    }

    @Test
    void shouldRunTheOperatorCommandsAgainstTheSecuredCluster() throws Exception {
        // Given SCRAM credentials in the environment only, as an operator's shell would have them
        Map<String, String> env = Map.of("DARKWATCH_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "DARKWATCH_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512", "DARKWATCH_KAFKA_SASL_JAAS_CONFIG", SCRAM_JAAS);

        // When a silence is added (admin and producer) and listed (consumer), and the config scopes listed
        ServiceProcess add = ServiceProcess.start(dir, "silence-add", "io.darkwatch.cli.Main", env, "silence", "add",
                "--country", "KZ", "--type", "OUTAGE", "--for", "6h", "--comment", "announced shutdown",
                "--bootstrap-servers", broker.bootstrapServers());
        assertEquals(0, add.waitFor(Duration.ofSeconds(60)), add.stderr());
        ServiceProcess list = ServiceProcess.start(dir, "silence-list", "io.darkwatch.cli.Main", env, "silence", "list",
                "--bootstrap-servers", broker.bootstrapServers());
        ServiceProcess config = ServiceProcess.start(dir, "config-list", "io.darkwatch.cli.Main", env, "config", "list",
                "--bootstrap-servers", broker.bootstrapServers());

        // Then each talks to the SASL-only broker, and the silence is read back
        assertEquals(0, list.waitFor(Duration.ofSeconds(60)), list.stderr());
        assertTrue(list.stdout().contains("announced shutdown"), list.stdout());
        assertEquals(0, config.waitFor(Duration.ofSeconds(60)), config.stderr());
        for (ServiceProcess p : List.of(add, list, config)) {
            assertFalse((p.stdout() + p.stderr()).contains(PASSWORD), "the SCRAM password was printed");
        }
    }

    @Test
    void shouldRefuseAWrongPasswordWithoutPrintingIt() throws Exception {
        String wrong = "not-the-pw-0815";
        ServiceProcess replay = ServiceProcess.start(dir, "replay-wrong", "io.darkwatch.capture.CaptureProducerMain",
                Map.of("DARKWATCH_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                        "DARKWATCH_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                        "DARKWATCH_KAFKA_SASL_JAAS_CONFIG", SCRAM_JAAS.replace(PASSWORD, wrong)),
                "replay", firstPackets(500).toString(), "--bootstrap-servers", broker.bootstrapServers(),
                "--sensor-id", "wrong",
                // The producer retries a failed login until max.block.ms (60 s by default) runs out.
                "--producer-property", "max.block.ms=3000");

        int code = replay.waitFor(Duration.ofSeconds(120));

        String output = replay.stdout() + replay.stderr();
        assertEquals(1, code, output);
        assertTrue(output.toLowerCase().contains("authentication failed"), output);
        assertFalse(output.contains(wrong), "the wrong password was printed");
    }

    @Test
    void shouldPublishWithOauthBearerFromTheEnvironmentAlone() throws Exception {
        // Kafka's unsecured OAUTHBEARER token: the mechanism end to end without an identity provider.
        ServiceProcess replay = ServiceProcess.start(dir, "replay-oauth", "io.darkwatch.capture.CaptureProducerMain",
                Map.of("DARKWATCH_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                        "DARKWATCH_KAFKA_SASL_MECHANISM", "OAUTHBEARER",
                        "DARKWATCH_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.oauthbearer."
                                + "OAuthBearerLoginModule required unsecuredLoginStringClaim_sub=\"darkwatch\";"),
                "replay", firstPackets(500).toString(), "--bootstrap-servers", broker.bootstrapServers(),
                "--sensor-id", "oauth");

        assertEquals(0, replay.waitFor(Duration.ofSeconds(120)), replay.stderr());
        Matcher published = PUBLISHED.matcher(replay.stdout());
        assertTrue(published.find() && Long.parseLong(published.group(1)) == 500, replay.stdout());
        assertTrue(replay.stderr().contains("sasl.mechanism=OAUTHBEARER (environment DARKWATCH_KAFKA_SASL_MECHANISM)"));
    }

    /** The sample's first packets as a plain pcap: 24-byte file header, then 16-byte record headers. */
    private Path firstPackets(int count) throws IOException {
        Path out = dir.resolve("first-" + count + ".pcap");
        try (var in = new java.io.DataInputStream(new java.util.zip.GZIPInputStream(Files.newInputStream(SAMPLE)));
                var os = Files.newOutputStream(out)) {
            byte[] header = in.readNBytes(24);
            os.write(header);
            boolean littleEndian = (header[0] & 0xff) == 0xd4 || (header[0] & 0xff) == 0x4d;
            for (int i = 0; i < count; i++) {
                byte[] record = in.readNBytes(16);
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(record, 8, 4)
                        .order(littleEndian ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
                os.write(record);
                os.write(in.readNBytes(b.getInt()));
            }
        }
        return out;
    }

    private static long awaitEndOffset(Topic<?, ?> topic, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long offset = endOffset(topic);
        while (offset == 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            offset = endOffset(topic);
        }
        return offset;
    }

    /** The value of one sample in Prometheus text format (the line "name value"). */
    private static double metric(String exposition, String name) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                String[] parts = line.trim().split("\\s+");
                return Double.parseDouble(parts[parts.length - 1]);
            }
        }
        throw new AssertionError(name + " not in\n" + exposition);
    }

    private static long endOffset(Topic<?, ?> topic) throws Exception {
        try (Admin admin = Admin.create(adminConfig())) {
            var partitions = admin.describeTopics(List.of(topic.name())).allTopicNames().get().get(topic.name())
                    .partitions();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            partitions.forEach(p -> request.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(request).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    private static Map<String, Object> adminConfig() {
        return Map.of("bootstrap.servers", broker.bootstrapServers(), "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN", "sasl.jaas.config", ADMIN_JAAS + ";");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
