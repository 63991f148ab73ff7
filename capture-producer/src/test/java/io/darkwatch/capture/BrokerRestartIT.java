package io.darkwatch.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.broker.EmbeddedKafkaBroker;
import io.darkwatch.capture.decode.PacketDecoder;
import io.darkwatch.capture.geo.CachingGeoLookup;
import io.darkwatch.capture.geo.Enricher;
import io.darkwatch.capture.geo.MaxMindGeoLookup;
import io.darkwatch.capture.publish.BackpressurePolicy;
import io.darkwatch.capture.publish.BlockSettings;
import io.darkwatch.capture.publish.HandoffSettings;
import io.darkwatch.capture.publish.PacketPublisher;
import io.darkwatch.capture.publish.PacketSink;
import io.darkwatch.capture.publish.PublisherSettings;
import io.darkwatch.capture.replay.ProgressListener;
import io.darkwatch.capture.replay.ReplayJob;
import io.darkwatch.capture.replay.ReplayStats;
import io.darkwatch.capture.testing.PacketsTopic;
import io.darkwatch.capture.testing.SyntheticCapture;
import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.topic.TopicInitializer;
import io.darkwatch.common.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay rides out a broker outage: the test's own broker (not the shared one, which other tests
 * use) is stopped a third of the way through a replay and started again three seconds later; every
 * packet read must then be on the topic exactly once.
 */
class BrokerRestartIT {
    private static final int PACKETS = 30_000;
    private static final int STOP_AFTER = 10_000;
    private static final Duration OUTAGE = Duration.ofSeconds(3);
    /**
     * Packets of an old capture (March 2023), as replays are. With event times as record timestamps
     * the broker dropped the idempotent producer's state when it restarted (producer.id.expiration.ms
     * counts from the newest record timestamp) and appended retries a second time: whole blocks twice
     * in 5 of 8 runs. The packets topic now uses LogAppendTime ({@code Topics.PACKETS}); this keeps it so.
     */
    private static final long CAPTURE_START_MICROS = 1_677_628_800_000_000L;

    @Test
    @Timeout(180)
    void shouldPublishEveryPacketReadExactlyOnceWhenTheBrokerRestartsInTheMiddleOfAReplay(@TempDir Path dir)
            throws Exception {
        // Given 30,000 SYNs from random sources, 100 µs apart, and what decoding them gives locally
        Path capture = SyntheticCapture.write(dir.resolve("syns.pcap"), PACKETS, CAPTURE_START_MICROS, 100, 42);
        try (MaxMindGeoLookup geo = MaxMindGeoLookup.open(Optional.empty(), Optional.empty());
                EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start()) {
            Enricher enricher = new Enricher(new CachingGeoLookup(geo, 4096));
            List<PacketSummary> expected = decodeLocally(capture, enricher);
            assertEquals(PACKETS, expected.size());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                TopicInitializer.ensure(admin, Topics.ALL, 3, (short) 1, true);
            }
            // and a publisher whose buffers are small, so the outage outlasts them and the replay must wait
            PublisherSettings settings = new PublisherSettings(broker.bootstrapServers(), "restart-it",
                    Duration.ofSeconds(1), Map.of("buffer.memory", "131072", "batch.size", "16384", "linger.ms", "5"))
                    .withBlocks(new BlockSettings(64, Duration.ofSeconds(1), Duration.ofMillis(200)))
                    .withHandoff(new HandoffSettings(2048, BackpressurePolicy.BLOCK))
                    .withDeliveryTimeout(Duration.ofMinutes(2));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            AtomicLong restartedAt = new AtomicLong();
            List<Thread> restarter = new ArrayList<>();
            ReplayStats stats;
            long replayEndedAt;

            // When the broker stops after the 10,000th packet and comes back 3 s later
            try (PacketPublisher publisher = PacketPublisher.create(settings, registry)) {
                PacketSink withOutage = new PacketSink() {
                    private int published;

                    @Override
                    public void publish(PacketSummary summary) {
                        publisher.publish(summary);
                        if (++published == STOP_AFTER) {
                            broker.stop();
                            Thread restart = new Thread(() -> {
                                try {
                                    Thread.sleep(OUTAGE.toMillis());
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    return;
                                }
                                broker.start();
                                restartedAt.set(System.nanoTime());
                            }, "broker-restart");
                            restart.start();
                            restarter.add(restart);
                        }
                    }

                    @Override
                    public void flush() {
                        publisher.flush();
                    }
                };
                stats = ReplayJob.publishing(new PacketDecoder("restart-it"), enricher, withOutage, registry,
                        Clock.systemUTC()).run(capture, ProgressListener.NONE);
                replayEndedAt = System.nanoTime();
                publisher.finish(0);
                restarter.get(0).join();

                assertEquals(0, publisher.failed(), "no record failed");
                assertEquals(0, publisher.dropped(), "nothing dropped: the replay waits");
                assertEquals(PACKETS, publisher.acknowledged());
            }
            assertEquals(PACKETS, stats.published());
            assertTrue(replayEndedAt > restartedAt.get(), "the replay had to wait for the broker to come back");

            // Then the topic holds every packet read exactly once: the same multiset as decoding gives
            try (KafkaConsumer<String, PacketBlock> consumer = PacketsTopic.consumer(broker.bootstrapServers())) {
                Map<TopicPartition, Long> beginning = PacketsTopic.partitions(consumer).stream()
                        .collect(Collectors.toMap(Function.identity(), tp -> 0L));
                List<ConsumerRecord<String, PacketBlock>> records = PacketsTopic.readFrom(consumer, beginning);
                // (only this sensor's packets count: on a machine shared with other tests' brokers on random
                // ports, a stranger's producer retrying a port this broker now holds could write into it; the
                // message says how many such packets there were)
                List<PacketSummary> all = PacketsTopic.packets(records);
                List<PacketSummary> onTopic = all.stream().filter(p -> p.sensorId().equals("restart-it")).toList();
                Map<PacketSummary, Long> counts = counts(onTopic);
                assertEquals(counts(expected), counts, () -> "lost: " + expected.stream()
                        .filter(p -> !counts.containsKey(p)).count() + ", more than once: " + counts.values().stream()
                        .filter(n -> n > 1).count() + ", other sensors' packets: " + (all.size() - onTopic.size())
                        + "; " + onTopic.size() + " packets in " + records.size() + " records; blocks on the topic more"
                        + " than once, at partition@offset: " + duplicateBlocks(records));
            }
        }
    }

    /** Where blocks that occur more than once are, to tell a resent batch (adjacent offsets) from a resent block. */
    private static String duplicateBlocks(List<ConsumerRecord<String, PacketBlock>> records) {
        return PacketsTopic.blocks(records).stream().collect(Collectors.groupingBy(ConsumerRecord::value,
                        Collectors.mapping(r -> r.partition() + "@" + r.offset(), Collectors.toList())))
                .values().stream().filter(where -> where.size() > 1).map(Object::toString)
                .collect(Collectors.joining(" "));
    }

    private static Map<PacketSummary, Long> counts(List<PacketSummary> packets) {
        return packets.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static List<PacketSummary> decodeLocally(Path capture, Enricher enricher) {
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
        ReplayJob.publishing(new PacketDecoder("restart-it"), enricher, collect, new SimpleMeterRegistry(),
                Clock.systemUTC()).run(capture, ProgressListener.NONE);
        return out;
    }
}
