package io.darkwatch.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.broker.SharedKafka;
import io.darkwatch.capture.decode.DecodeFailure;
import io.darkwatch.capture.decode.PacketDecoder;
import io.darkwatch.capture.geo.Enricher;
import io.darkwatch.capture.geo.MaxMindGeoLookup;
import io.darkwatch.capture.publish.PacketPublisher;
import io.darkwatch.capture.publish.PacketSink;
import io.darkwatch.capture.publish.PublisherSettings;
import io.darkwatch.capture.replay.ProgressListener;
import io.darkwatch.capture.replay.ReplayJob;
import io.darkwatch.capture.replay.ReplayStats;
import io.darkwatch.capture.testing.PacketsTopic;
import io.darkwatch.capture.testing.TestData;
import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.packet.TcpFlags;
import io.darkwatch.common.topic.Heartbeats;
import io.darkwatch.common.topic.TopicInitializer;
import io.darkwatch.common.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays corpus captures into the real (shared, in-process or Docker) broker and reads the topic
 * back. The topic may hold records of other tests, so each test reads only what was appended after
 * the end offsets it saw before replaying.
 */
class ReplayToKafkaIT {
    private static final Duration FINAL_ADVANCE = Duration.ofSeconds(70);
    private static String bootstrap;

    @BeforeAll
    static void createTopics() {
        bootstrap = SharedKafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicInitializer.ensure(admin, Topics.ALL, 3, (short) 1, true);
        }
    }

    @Test
    void shouldPublishExactlyTheDecodedPacketsKeyedByCountryAndCloseWithHeartbeatsOnEveryPartition() {
        // Given the Teredo capture: 78 IPv4 frames over 30 s of event time, and the bundled country database
        Path capture = TestData.capture("zeek__tunnels_Teredo.pcap");
        List<PacketSummary> expected = decodeLocally(capture);
        assertEquals(78, expected.size());
        Map<TopicPartition, Long> start;
        ReplayStats stats;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (KafkaConsumer<String, PacketBlock> consumer = PacketsTopic.consumer(bootstrap)) {
            start = PacketsTopic.endOffsets(consumer);

            // When it is replayed into Kafka with the final heartbeat 70 s past the last packet
            try (MaxMindGeoLookup geo = MaxMindGeoLookup.open(Optional.empty(), Optional.empty());
                    PacketPublisher publisher = PacketPublisher.create(PublisherSettings.of(bootstrap, "it-sensor"),
                            registry)) {
                stats = ReplayJob.publishing(new PacketDecoder("it-sensor"), new Enricher(geo), publisher, registry,
                        Clock.systemUTC()).run(capture, ProgressListener.NONE);
                publisher.finish(FINAL_ADVANCE.toMillis());
                assertEquals(0, publisher.failed());
                assertEquals(78, publisher.acknowledged());
                assertTrue(registry.find("kafka.producer.record.send.total").meter() != null,
                        () -> "the producer's own metrics are bound: " + registry.getMetersAsString());
            }

            // Then exactly the decoded packets arrived, in blocks keyed by their source country
            List<ConsumerRecord<String, PacketBlock>> records = PacketsTopic.readFrom(consumer, start);
            List<ConsumerRecord<String, PacketBlock>> blocks = PacketsTopic.blocks(records);
            List<PacketSummary> packets = PacketsTopic.packets(records);
            assertEquals(78, stats.published());
            assertEquals(sorted(expected), sorted(packets));
            for (ConsumerRecord<String, PacketBlock> r : blocks) {
                assertEquals(r.value().country(), r.key());
                assertEquals("it-sensor", r.value().sensorId());
                // LogAppendTime: the broker stamps the append; event time travels in the block
                assertEquals(TimestampType.LOG_APPEND_TIME, r.timestampType());
            }
            assertTrue(blocks.size() < 78, "packets share records: " + blocks.size() + " blocks");
            // a few exact values (tshark: frame 2 is 75.126.130.163:80 -> 192.168.2.16:1576 FIN/ACK, 54 bytes)
            PacketSummary finAck = packets.stream()
                    .filter(p -> p.timestampNanos() == 1210953047_736921000L).findFirst().orElseThrow();
            assertEquals(IpAddress.parse("75.126.130.163"), finAck.src());
            assertEquals(IpAddress.parse("192.168.2.16"), finAck.dst());
            assertEquals(IpProtocol.TCP, finAck.protocol());
            assertEquals(80, finAck.srcPort());
            assertEquals(1576, finAck.dstPort());
            assertEquals(TcpFlags.FIN | TcpFlags.ACK, finAck.tcpFlags());
            assertEquals(54, finAck.length());
            assertEquals("US", finAck.country());
            assertEquals("ZZ", packets.stream()
                    .filter(p -> p.src().equals(IpAddress.parse("192.168.2.16"))).findFirst().orElseThrow().country(),
                    "a private source has no country");
            Map<String, Long> perKey = blocks.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                    Collectors.summingLong(r -> r.value().size())));
            assertEquals(expected.stream().collect(Collectors.groupingBy(PacketSummary::country, Collectors.counting())),
                    perKey);
            // 192.168.2.16 (41), 192.168.2.1 (5) and 0.0.0.0 (1) belong to no country, whatever the database says
            assertEquals(47L, perKey.get("ZZ"));

            // And every partition ends with the final heartbeat at the watermark + 70 s
            long watermark = expected.stream().mapToLong(PacketSummary::timestampMillis).max().orElseThrow();
            Map<Integer, List<ConsumerRecord<String, PacketBlock>>> byPartition = records.stream()
                    .collect(Collectors.groupingBy(ConsumerRecord::partition));
            assertEquals(3, byPartition.size(), "records on every partition");
            for (List<ConsumerRecord<String, PacketBlock>> partition : byPartition.values()) {
                ConsumerRecord<String, PacketBlock> last = partition.get(partition.size() - 1);
                assertEquals(Heartbeats.KEY, last.key());
                assertNull(last.value());
                assertEquals(OptionalLong.of(watermark + FINAL_ADVANCE.toMillis()), Heartbeats.eventTime(last.headers()));
                assertEquals("it-sensor", new String(last.headers().lastHeader(Heartbeats.HEADER).value(),
                        StandardCharsets.UTF_8));
                // 30 s of event time at a 10 s interval: heartbeats before the final one as well
                long heartbeats = partition.stream().filter(r -> Heartbeats.isHeartbeat(r.key(), r.value())).count();
                assertTrue(heartbeats >= 3, "heartbeats on partition " + last.partition() + ": " + heartbeats);
            }
            assertEquals(78, registry.get("darkwatch.packets.published").counter().count());
            assertEquals(blocks.size(), (long) registry.get("darkwatch.blocks.published").counter().count());
            assertEquals(78, registry.get("darkwatch.block.size").summary().totalAmount());
            assertEquals(0, registry.get("darkwatch.publish.errors").counter().count());
            double heartbeatsSent = registry.get("darkwatch.heartbeats.sent").counter().count();
            assertEquals(records.size() - blocks.size(), (long) heartbeatsSent);

        }
    }

    @Test
    void shouldReplayFromTheCommandLine() {
        // Given a capture with ARP frames among its IP packets
        Path capture = TestData.capture("zeek__q-in-q.pcap");
        try (KafkaConsumer<String, PacketBlock> consumer = PacketsTopic.consumer(bootstrap)) {
            Map<TopicPartition, Long> start = PacketsTopic.endOffsets(consumer);

            // When the deployable main replays it
            int code = CaptureProducerMain.run("replay", capture.toString(), "--bootstrap-servers", bootstrap,
                    "--sensor-id", "cli-sensor", "--final-advance", "70s",
                    "--producer-property", "linger.ms=5");

            // Then it succeeds and the 4 QinQ IPv4 packets (not the ARP frame) are on the topic
            assertEquals(0, code);
            List<PacketSummary> packets = PacketsTopic.packets(PacketsTopic.readFrom(consumer, start)).stream()
                    .filter(p -> p.sensorId().equals("cli-sensor")).toList();
            assertEquals(4, packets.size());
            assertEquals(Map.of(47808, 2L, 9875, 2L), packets.stream()
                    .collect(Collectors.groupingBy(PacketSummary::dstPort, Collectors.counting())));
        }
    }

    @Test
    void shouldReplayADirectoryOfRotatedCapturesInTimeOrderFromTheCommandLine(@TempDir Path dir) throws Exception {
        // Given two captures whose names sort against their time order: b.pcap (2005) before a.pcap (2013)
        Files.copy(TestData.capture("zeek__tcp_syn-synack.pcap"), dir.resolve("a.pcap"));
        Files.copy(TestData.capture("tcpdump__print-flags.pcap"), dir.resolve("b.pcap"));
        try (KafkaConsumer<String, PacketBlock> consumer = PacketsTopic.consumer(bootstrap)) {
            Map<TopicPartition, Long> start = PacketsTopic.endOffsets(consumer);

            // When the directory is replayed (at max speed: paced, the eight years between them would be waited)
            int code = CaptureProducerMain.run("replay", dir.toString(), "--bootstrap-servers", bootstrap,
                    "--sensor-id", "rotated-sensor", "--final-advance", "0s", "--speed", "max");

            // Then both files' 10 + 2 packets arrive, the 2005 ones first on their partition
            assertEquals(0, code);
            List<ConsumerRecord<String, PacketBlock>> blocks = PacketsTopic.blocks(PacketsTopic.readFrom(consumer, start))
                    .stream().filter(r -> r.value().sensorId().equals("rotated-sensor")).toList();
            assertEquals(12, blocks.stream().mapToInt(r -> r.value().size()).sum());
            Map<Integer, List<PacketSummary>> byPartition = blocks.stream().collect(Collectors.groupingBy(
                    ConsumerRecord::partition, Collectors.flatMapping(r -> r.value().packets().stream(),
                            Collectors.toList())));
            for (List<PacketSummary> partition : byPartition.values()) {
                for (int i = 1; i < partition.size(); i++) {
                    assertTrue(partition.get(i - 1).timestampNanos() <= partition.get(i).timestampNanos(),
                            "time order per partition");
                }
            }
        }
    }

    private static List<PacketSummary> decodeLocally(Path capture) {
        List<PacketSummary> out = new ArrayList<>();
        PacketSink collect = new PacketSink() {
            @Override
            public void publish(PacketSummary summary) {
                out.add(summary);
            }

            @Override
            public void flush() {
            }
        };
        try (MaxMindGeoLookup geo = MaxMindGeoLookup.open(Optional.empty(), Optional.empty())) {
            ReplayStats stats = ReplayJob.publishing(new PacketDecoder("it-sensor"), new Enricher(geo), collect,
                    new SimpleMeterRegistry(), Clock.systemUTC()).run(capture, ProgressListener.NONE);
            assertFalse(stats.undecodable().containsKey(DecodeFailure.DECODER_ERROR));
        }
        return out;
    }

    private static List<PacketSummary> sorted(List<PacketSummary> packets) {
        return packets.stream().sorted(Comparator.comparingLong(PacketSummary::timestampNanos)
                .thenComparing(PacketSummary::src).thenComparing(PacketSummary::dst)
                .thenComparingInt(PacketSummary::srcPort).thenComparingInt(PacketSummary::length)).toList();
    }
}
