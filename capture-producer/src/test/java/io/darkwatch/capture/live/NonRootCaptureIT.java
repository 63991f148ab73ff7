package io.darkwatch.capture.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.broker.SharedKafka;
import io.darkwatch.capture.CaptureProducerMain;
import io.darkwatch.capture.live.UnprivilegedJvm.Capabilities;
import io.darkwatch.capture.testing.PacketsTopic;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.topic.TopicInitializer;
import io.darkwatch.common.topic.Topics;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code capture} command run as it should be in production: an ordinary user (uid 65534, no
 * supplementary groups) holding CAP_NET_RAW and no other capability, started through setpriv. The
 * capability comes either as an ambient capability (what systemd's AmbientCapabilities= does) or
 * from {@code setcap cap_net_raw=eip} on the java binary. It must capture, publish and stop on
 * SIGTERM as root does; without the capability it must stop at once and say which capability is
 * missing and how to grant it.
 *
 * <p>Needs a test JVM that may change uid and hand on CAP_NET_RAW (root, as in CI); elsewhere the
 * tests are skipped with the reason.
 */
@Timeout(120)
class NonRootCaptureIT {
    private static final InetAddress LOCALHOST = InetAddress.getLoopbackAddress();
    /** IFF_PROMISC in /sys/class/net/IF/flags (linux/if.h). */
    private static final int IFF_PROMISC = 0x100;

    private static Optional<String> unavailable;
    private static UnprivilegedJvm jvm;
    private static String bootstrap;

    @BeforeAll
    static void prepare() throws IOException {
        unavailable = UnprivilegedJvm.whyUnavailable();
        if (unavailable.isPresent()) {
            return; // each test is then reported as skipped with the reason (a class-level skip counts no tests)
        }
        jvm = UnprivilegedJvm.prepare();
        bootstrap = SharedKafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicInitializer.ensure(admin, Topics.ALL, 3, (short) 1, true);
        }
    }

    @BeforeEach
    void needsAJvmThatMayChangeUser() {
        Assumptions.assumeTrue(unavailable.isEmpty(), () -> "cannot run the command as an unprivileged user: "
                + unavailable.orElseThrow());
    }

    @AfterAll
    static void deleteSandbox() {
        if (jvm != null) {
            jvm.close();
        }
    }

    @Test
    void shouldCaptureAndPublishAsAnUnprivilegedUserHoldingOnlyAmbientCapNetRaw() throws Exception {
        captureAsNobody(Capabilities.ONLY_NET_RAW);
    }

    @Test
    void shouldCaptureAndPublishAsAnUnprivilegedUserThroughSetcapOnTheJavaBinary() throws Exception {
        Optional<String> unavailable = jvm.whyNoCapabilityMarkedJava();
        Assumptions.assumeTrue(unavailable.isEmpty(), () -> "cannot run a capability-marked java: "
                + unavailable.orElseThrow());
        captureAsNobody(Capabilities.ONLY_NET_RAW_FROM_SETCAP_ON_JAVA);
    }

    private void captureAsNobody(Capabilities capabilities) throws Exception {
        int port = freeUdpPort();
        String sensor = "nonroot-it-" + port;
        Path stdout = Files.createTempFile("nonroot-stdout", ".txt");
        Path stderr = Files.createTempFile("nonroot-stderr", ".txt");
        try (KafkaConsumer<String, PacketBlock> consumer = PacketsTopic.consumer(bootstrap)) {
            Map<TopicPartition, Long> start = PacketsTopic.endOffsets(consumer);

            // Given the command capturing UDP to one port on lo as uid 65534 with CAP_NET_RAW only,
            // in promiscuous mode with a 64 MiB buffer (settings once thought to need CAP_NET_ADMIN)
            Process process = jvm.start(capabilities, CaptureProducerMain.class, List.of("capture",
                    "--interface", "lo", "--filter", "udp dst port " + port, "--promiscuous", "--buffer-size", "64m",
                    "--bootstrap-servers", bootstrap, "--sensor-id", sensor, "--producer-property",
                    "linger.ms=1000", "--metrics-port", "-1"), stdout, stderr);
            try {
                waitFor(() -> read(stderr).contains("capturing on") || !process.isAlive(), stderr, 60);
                assertTrue(process.isAlive(), () -> "the command ended: " + read(stderr));

                // Then it really runs as that user, with that one capability in effect
                ProcStatus status = ProcStatus.of(process.pid());
                assertEquals(List.of(65534, 65534, 65534, 65534), status.uids(), status::toString);
                assertEquals(List.of(65534, 65534, 65534, 65534), status.gids(), status::toString);
                assertEquals(List.of(), status.groups(), status::toString);
                assertEquals(1L << ProcStatus.CAP_NET_RAW, status.effectiveCapabilities(), status::toString);
                assertEquals(1L << ProcStatus.CAP_NET_RAW, status.boundingCapabilities(), status::toString);
                // (ambient when setpriv hands it on; from the file capability, when java is marked with setcap)
                long ambient = capabilities == Capabilities.ONLY_NET_RAW ? 1L << ProcStatus.CAP_NET_RAW : 0;
                assertEquals(ambient, status.ambientCapabilities(), status::toString);
                // And libpcap put lo into promiscuous mode (a packet socket membership, no CAP_NET_ADMIN).
                // The flag is the interface's, so another capture holding it would hide a failure here; the
                // proof that matters is that libpcap, which fails the open when the membership is refused,
                // let the command start.
                int flags = Integer.decode(Files.readString(Path.of("/sys/class/net/lo/flags")).strip());
                assertTrue((flags & IFF_PROMISC) != 0, () -> "lo flags " + Integer.toHexString(flags));

                // When six datagrams are sent and SIGTERM follows at once (linger.ms=1000: nothing sent yet)
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOCALHOST, 0))) {
                    for (int i = 1; i <= 6; i++) {
                        udp.send(new DatagramPacket(new byte[i], i, LOCALHOST, port));
                    }
                }
                process.destroy();
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command stops on SIGTERM");
            } finally {
                process.destroyForcibly();
            }

            // Then all six arrived in Kafka, as they do when root captures
            assertEquals(143, process.exitValue(), () -> "killed by SIGTERM after the shutdown hook: " + read(stderr));
            List<PacketSummary> packets = PacketsTopic.packets(PacketsTopic.readFrom(consumer, start)).stream()
                    .filter(p -> p.sensorId().equals(sensor)).toList();
            assertEquals(6, packets.size(), () -> "packets " + packets + "\nstdout " + read(stdout) + "\nstderr "
                    + read(stderr));
            assertTrue(packets.stream().allMatch(p -> p.protocol() == IpProtocol.UDP && p.dstPort() == port));
            assertTrue(read(stdout).contains("published:     6"), () -> read(stdout));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    @Test
    void shouldFailFastNamingTheCapabilityWhenTheUserLacksCapNetRaw() throws Exception {
        Path stdout = Files.createTempFile("nonroot-stdout", ".txt");
        Path stderr = Files.createTempFile("nonroot-stderr", ".txt");
        try {
            // Given the same command and user without any capability
            Process process = jvm.start(Capabilities.NONE, CaptureProducerMain.class, List.of("capture",
                    "--interface", "lo", "--filter", "udp dst port 9", "--bootstrap-servers", bootstrap,
                    "--sensor-id", "nonroot-denied-it", "--metrics-port", "-1"), stdout, stderr);

            // When it starts, Then it ends within seconds, before capturing or contacting Kafka
            boolean ended;
            try {
                ended = process.waitFor(30, TimeUnit.SECONDS);
            } finally {
                process.destroyForcibly();
            }
            assertTrue(ended, () -> "still running after 30 s: " + read(stderr));
            assertEquals(2, process.exitValue(), () -> read(stderr));
            assertFalse(read(stderr).contains("capturing on"), () -> read(stderr));

            // And its one error line names the missing capability and the ways to grant it
            List<String> errors = read(stderr).lines().filter(l -> l.startsWith("error: ")).toList();
            assertEquals(1, errors.size(), () -> read(stderr));
            String error = errors.get(0);
            assertTrue(error.startsWith("error: cannot capture on lo: "), error);
            for (String expected : List.of("lacks CAP_NET_RAW", "AmbientCapabilities=CAP_NET_RAW",
                    "--cap-add NET_RAW", "setcap cap_net_raw=eip")) {
                assertTrue(error.contains(expected), () -> "'" + expected + "' in " + error);
            }
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOCALHOST, 0))) {
            return s.getLocalPort();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static void waitFor(BooleanSupplier condition, Path output, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out; output so far: " + read(output));
            }
            Thread.sleep(50);
        }
    }
}
