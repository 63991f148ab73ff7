package io.darkwatch.capture.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.darkwatch.broker.SharedKafka;
import io.darkwatch.capture.decode.PacketDecoder;
import io.darkwatch.common.packet.SpoofingHints;
import io.darkwatch.capture.geo.Enricher;
import io.darkwatch.capture.geo.GeoLookup;
import io.darkwatch.capture.publish.PacketPublisher;
import io.darkwatch.capture.publish.PublisherSettings;
import io.darkwatch.capture.replay.ProgressListener;
import io.darkwatch.capture.replay.ReplayJob;
import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.capture.testing.PacketsTopic;
import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.packet.TcpFlags;
import io.darkwatch.common.topic.TopicInitializer;
import io.darkwatch.common.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Captures real packets on the loopback interface through libpcap and reads them back from the
 * shared broker. Needs CAP_NET_RAW (root here): a permission error fails the test with the reason;
 * only a machine without a {@code lo} device skips it.
 */
@Timeout(90)
class LiveCaptureIT {
    private static final String LOOPBACK = "lo";
    private static final InetAddress LOCALHOST = InetAddress.getLoopbackAddress();
    private static String bootstrap;

    @BeforeAll
    static void createTopics() {
        bootstrap = SharedKafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicInitializer.ensure(admin, Topics.ALL, 3, (short) 1, true);
        }
    }

    @Test
    void shouldPublishExactlyThePacketsSentToAPortOnLoopback() throws Exception {
        // Given a high port nothing listens on, and a capture on lo filtered to that port
        int port = freePort();
        String sensor = "live-it-" + port;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KafkaConsumer<String, PacketBlock> consumer = PacketsTopic.consumer(bootstrap);
                PacketPublisher publisher = PacketPublisher.create(PublisherSettings.of(bootstrap, sensor), registry)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.PACKETS.name(), Duration.ofSeconds(30))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, Long> start = consumer.endOffsets(partitions);
            ReplayJob job = ReplayJob.publishing(new PacketDecoder(sensor), new Enricher(GeoLookup.NONE), publisher,
                    registry, Clock.systemUTC());
            LiveCapture capture = open(new LiveCaptureSettings(LOOPBACK, "port " + port, 65_535, 1 << 20, false,
                    1024, Duration.ofMillis(50)), registry);
            CompletableFuture<LiveCaptureResult> running = CompletableFuture.supplyAsync(
                    () -> capture.run(job, ProgressListener.NONE));
            assertTrue(capture.awaitCapturing(Duration.ofSeconds(10)));

            // When three UDP datagrams (10, 20, 30 bytes) and one TCP connection attempt go to that port
            int udpSource;
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOCALHOST, 0))) {
                udpSource = udp.getLocalPort();
                for (int size : new int[] {10, 20, 30}) {
                    udp.send(new DatagramPacket(new byte[size], size, LOCALHOST, port));
                }
            }
            int tcpSource;
            try (Socket tcp = new Socket()) {
                tcp.bind(new InetSocketAddress(LOCALHOST, 0));
                tcpSource = tcp.getLocalPort();
                assertThrows(ConnectException.class, () -> tcp.connect(new InetSocketAddress(LOCALHOST, port), 5000),
                        "nothing listens: the kernel answers the SYN with RST/ACK");
            }
            // the five frames go through the capture and publisher threads; then stop as SIGTERM would
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (registry.get("darkwatch.packets.decoded").counter().count() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(200); // room for any unexpected extra frame to show up and fail the count
            capture.stop();
            LiveCaptureResult result = running.get(20, TimeUnit.SECONDS);
            publisher.finish(0);

            // Then exactly those five packets are on the topic, from this sensor
            List<PacketSummary> packets = PacketsTopic.packets(PacketsTopic.readFrom(consumer, start)).stream()
                    .filter(p -> p.sensorId().equals(sensor))
                    .sorted(Comparator.comparingLong(PacketSummary::timestampNanos))
                    .toList();
            assertEquals(5, packets.size(), () -> "packets: " + packets);
            assertTrue(result.failure().isEmpty(), () -> "capture failed: " + result.failure());
            assertEquals(5, result.stats().published());
            assertEquals(0, result.droppedQueueFull());
            IpAddress localhost = IpAddress.parse("127.0.0.1");
            for (PacketSummary p : packets) {
                assertEquals(localhost, p.src());
                assertEquals(localhost, p.dst());
                assertEquals(PacketSummary.UNKNOWN_COUNTRY, p.country());
                assertTrue((p.hints() & SpoofingHints.SAME_SRC_DST) != 0, "127.0.0.1 to itself: " + p);
                assertTrue(Math.abs(p.timestampMillis() - System.currentTimeMillis()) < 60_000, "a live timestamp");
            }
            List<PacketSummary> udp = packets.stream().filter(p -> p.protocol() == IpProtocol.UDP).toList();
            assertEquals(3, udp.size());
            assertEquals(List.of(52, 62, 72), udp.stream().map(PacketSummary::length).toList(),
                    "Ethernet 14 + IPv4 20 + UDP 8 + payload");
            for (PacketSummary p : udp) {
                assertEquals(udpSource, p.srcPort());
                assertEquals(port, p.dstPort());
            }
            List<PacketSummary> tcp = packets.stream().filter(p -> p.protocol() == IpProtocol.TCP).toList();
            assertEquals(2, tcp.size());
            PacketSummary syn = tcp.get(0);
            PacketSummary rst = tcp.get(1);
            assertEquals(tcpSource, syn.srcPort());
            assertEquals(port, syn.dstPort());
            assertEquals(TcpFlags.SYN, syn.tcpFlags() & (TcpFlags.SYN | TcpFlags.ACK | TcpFlags.RST | TcpFlags.FIN));
            assertEquals(port, rst.srcPort());
            assertEquals(tcpSource, rst.dstPort());
            assertEquals(TcpFlags.RST | TcpFlags.ACK, rst.tcpFlags());
            assertTrue(rst.isBackscatter(), "an RST is what a victim of a spoofed SYN sends back");

            // And libpcap's counters saw at least those five, without kernel drops
            assertTrue(result.pcap().received() >= 5, () -> "received " + result.pcap());
            assertEquals(0, result.pcap().droppedByKernel());
            assertEquals((double) result.pcap().received(),
                    registry.get("darkwatch.capture.pcap.received").gauge().value());
        }
    }

    @Test
    void shouldReportAFilterLibpcapCannotCompile() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LiveCaptureSettings settings = LiveCaptureSettings.of(LOOPBACK, "port seventy");

        LiveCaptureException e = assertThrows(LiveCaptureException.class, () -> {
            try {
                LiveCapture.open(settings, registry, Clock.systemUTC()).close();
            } catch (LiveCaptureException opened) {
                skipIfNoLoopback(opened);
                throw opened;
            }
        });

        assertEquals(LiveCaptureException.Kind.BAD_FILTER, e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith("cannot use filter 'port seventy': "), e.getMessage());
    }

    @Test
    void shouldSayThatAnInterfaceDoesNotExist() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        LiveCaptureException e = assertThrows(LiveCaptureException.class, () -> LiveCapture.open(
                LiveCaptureSettings.of("darkwatch-nx0", ""), registry, Clock.systemUTC()).close());

        assertEquals(LiveCaptureException.Kind.NO_SUCH_DEVICE, e.kind(), e.getMessage());
        assertTrue(e.getMessage().startsWith("cannot capture on darkwatch-nx0: "), e.getMessage());
    }

    private static LiveCapture open(LiveCaptureSettings settings, SimpleMeterRegistry registry) {
        try {
            return LiveCapture.open(settings, registry, Clock.systemUTC());
        } catch (LiveCaptureException e) {
            skipIfNoLoopback(e);
            if (e.kind() == LiveCaptureException.Kind.PERMISSION_DENIED) {
                fail("no permission to capture on " + LOOPBACK + " (this test needs root or CAP_NET_RAW + "
                        + "CAP_NET_ADMIN on the java binary): " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private static void skipIfNoLoopback(LiveCaptureException e) {
        Assumptions.assumeFalse(e.kind() == LiveCaptureException.Kind.NO_SUCH_DEVICE,
                () -> "skipped: this machine has no interface '" + LOOPBACK + "' (" + e.getMessage() + ")");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOCALHOST)) {
            return s.getLocalPort();
        }
    }
}
