package io.darkwatch.streams.app;

import static io.darkwatch.streams.testing.PacketTraffic.Kind.SCAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.broker.SharedKafka;
import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.common.topic.Heartbeats;
import io.darkwatch.common.topic.TopicInitializer;
import io.darkwatch.common.topic.Topics;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.settings.StreamsSettings;
import io.darkwatch.streams.testing.PacketTraffic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Open windows survive a restart: they are counted in memory, and a task that starts on another
 * instance (an empty state directory) reads its partition of the packets topic again from the
 * offset its progress store names (SignalAggregator). When retention has deleted part of that range,
 * the task says so, counts it, and goes on with what is left. Packets stamped far ahead of their
 * arrival are dropped, both when counted and when read again.
 *
 * <p>Each test starts its application at the packets topic's current end (its group's offsets are
 * set before it starts), so that other tests' packets on the shared broker are not in its windows.
 */
class OpenWindowRebuildIT {
    private static final long T0 = Instant.parse("2019-03-01T00:00:00Z").toEpochMilli();
    private static final long SECOND = 1_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final DetectorSettings SETTINGS = DetectorSettings.defaults().with(Map.of(
            "window.size", "1m", "window.grace", "5s"));
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private String bootstrap;
    private Admin admin;
    private KafkaProducer<String, PacketBlock> producer;
    private final String applicationId = "darkwatch-rebuild-it-" + UUID.randomUUID();

    @BeforeEach
    void startAtTheEndOfThePacketsTopic() throws Exception {
        bootstrap = SharedKafka.bootstrapServers();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        TopicInitializer.ensure(admin, Topics.ALL, 3, (short) 1, true);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), Topics.PACKET_BLOCKS.key().serializer(),
                Topics.PACKET_BLOCKS.value().serializer());
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        endOffsets(Topics.PACKET_BLOCKS.name()).forEach((p, offset) -> start.put(p, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(applicationId, start).all().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        producer.close();
        admin.close();
    }

    @Test
    void shouldCountPacketsOfAnOpenWindowFromBeforeTheTaskMovedToAnotherInstance() throws Exception {
        // Given an instance that counted 40 UA packets in minute 0 and 30 in minute 1, emitted minute 0
        // and committed, and then stopped while minute 1 was still open
        Map<TopicPartition, Long> windowsFrom = endOffsets(Topics.COUNTRY_WINDOWS.name());
        TopicPartition ua = partitionOf(stoppedWithMinuteOneOpen(40));

        // When 5 more packets of minute 1 and a heartbeat that closes it arrive, and the task starts on
        // another instance with an empty state directory
        closeMinuteOneWithFiveMorePackets(ua);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<CountryWindow> windows = runUntilWindow(dir.resolve("instance-b"), registry, windowsFrom, T0 + MINUTE);

        // Then minute 0 was emitted once, by the first instance, and minute 1 holds all 35 of its packets
        assertEquals(40, packetsOf(windows, T0).orElseThrow());
        assertEquals(35, packetsOf(windows, T0 + MINUTE).orElseThrow(), windows::toString);
        assertEquals(1, windows.stream().filter(w -> w.windowStart().toEpochMilli() == T0).count());
        assertEquals(0.0, registry.get("darkwatch.windows.rebuild.missing").counter().count());
    }

    @Test
    void shouldCountWhatIsLeftAndReportWhatIsMissingWhenRetentionDeletedPartOfAnOpenWindow() throws Exception {
        // Given an instance that counted 30 UA packets of minute 1, committed and stopped with minute 1 open
        Map<TopicPartition, Long> windowsFrom = endOffsets(Topics.COUNTRY_WINDOWS.name());
        RecordMetadata second = stoppedWithMinuteOneOpen(20);
        TopicPartition ua = partitionOf(second);

        // When the packets topic loses those 30 packets (as retention would delete them) before the task
        // starts again on another instance, with 5 more packets of minute 1 and a heartbeat that closes it
        RecordMetadata third = closeMinuteOneWithFiveMorePackets(ua);
        admin.deleteRecords(Map.of(ua, RecordsToDelete.beforeOffset(third.offset()))).all().get(30, TimeUnit.SECONDS);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<CountryWindow> windows = runUntilWindow(dir.resolve("instance-b"), registry, windowsFrom, T0 + MINUTE);

        // Then the window holds what was left, and the offsets it missed are counted (the block of 30)
        assertEquals(5, packetsOf(windows, T0 + MINUTE).orElseThrow(), windows::toString);
        assertEquals(third.offset() - second.offset(),
                (long) registry.get("darkwatch.windows.rebuild.missing").counter().count());
    }

    @Test
    void shouldDropPacketsStampedFarAheadOfTheirArrivalWhenCountingAndWhenRebuilding() throws Exception {
        // Given a block of 30 UA packets of minute 1 with 3 more stamped two hours after now (a sensor whose
        // clock jumped), counted by an instance that then stopped with minute 1 open
        Map<TopicPartition, Long> windowsFrom = endOffsets(Topics.COUNTRY_WINDOWS.name());
        long twoHoursAhead = System.currentTimeMillis() + 2 * 60 * MINUTE;
        PacketTraffic traffic = new PacketTraffic(3);
        for (int i = 0; i < 30; i++) {
            traffic.addOne("UA", SCAN, T0 + 70 * SECOND + i * SECOND);
        }
        for (int i = 0; i < 3; i++) {
            traffic.addOne("UA", SCAN, twoHoursAhead + i);
        }
        RecordMetadata mixed = send(new PacketBlock("UA", traffic.sorted().get(0).sensorId(), traffic.sorted()));
        TopicPartition ua = partitionOf(mixed);
        SimpleMeterRegistry first = new SimpleMeterRegistry();
        runUntilCommitted(dir.resolve("instance-a"), ua, mixed.offset() + 1, first);

        // When 5 more packets of minute 1 and a heartbeat that closes it arrive, and the task moves
        closeMinuteOneWithFiveMorePackets(ua);
        List<CountryWindow> windows = runUntilWindow(dir.resolve("instance-b"), new SimpleMeterRegistry(),
                windowsFrom, T0 + MINUTE);

        // Then the three were dropped and counted when they arrived; they did not move stream time (minute 1
        // stayed open for the 5 that came after), and the rebuild left them out too
        assertEquals(3.0, first.get("darkwatch.records.invalid").tag("reason", "future").counter().count());
        assertEquals(0.0, first.get("darkwatch.records.late").counter().count());
        assertEquals(35, packetsOf(windows, T0 + MINUTE).orElseThrow(), windows::toString);
    }

    /**
     * Sends {@code minuteZero} UA packets of minute 0 and 30 of minute 1, and runs an instance until it
     * has committed them (minute 0 emitted, minute 1 open); returns where minute 1's block went.
     */
    private RecordMetadata stoppedWithMinuteOneOpen(int minuteZero) throws Exception {
        send(block(minuteZero, T0 + 10 * SECOND, T0 + 50 * SECOND));
        RecordMetadata minuteOne = send(block(30, T0 + 70 * SECOND, T0 + 100 * SECOND));
        runUntilCommitted(dir.resolve("instance-a"), partitionOf(minuteOne), minuteOne.offset() + 1,
                new SimpleMeterRegistry());
        return minuteOne;
    }

    private static TopicPartition partitionOf(RecordMetadata sent) {
        return new TopicPartition(sent.topic(), sent.partition());
    }

    /** Sends 5 more UA packets of minute 1 and a heartbeat that closes it; returns where the packets went. */
    private RecordMetadata closeMinuteOneWithFiveMorePackets(TopicPartition ua) throws Exception {
        RecordMetadata sent = send(block(5, T0 + 110 * SECOND, T0 + 115 * SECOND));
        producer.send(Heartbeats.record(Topics.PACKET_BLOCKS.name(), ua.partition(), T0 + 2 * MINUTE + 6 * SECOND,
                "rebuild-it")).get();
        return sent;
    }

    /** Runs an instance until the application's committed offset on {@code partition} is {@code offset}, then closes it. */
    private void runUntilCommitted(Path stateDir, TopicPartition partition, long offset, SimpleMeterRegistry registry)
            throws Exception {
        try (StreamsApp app = new StreamsApp(settings(stateDir), registry)) {
            app.start();
            assertTrue(app.awaitRunning(TIMEOUT), "not RUNNING but " + app.state());
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (committedOffset(partition) < offset) {
                assertTrue(System.nanoTime() < deadline, "offset " + offset + " of " + partition + " never committed");
                Thread.sleep(100);
            }
        }
    }

    /** Runs an instance until UA's window starting at {@code windowStart} is committed; returns UA's windows. */
    private List<CountryWindow> runUntilWindow(Path stateDir, SimpleMeterRegistry registry,
            Map<TopicPartition, Long> from, long windowStart) throws Exception {
        List<CountryWindow> windows = new ArrayList<>();
        try (StreamsApp app = new StreamsApp(settings(stateDir), registry);
                KafkaConsumer<byte[], byte[]> consumer = committedReader(from)) {
            app.start();
            assertTrue(app.awaitRunning(TIMEOUT), "not RUNNING but " + app.state());
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (packetsOf(windows, windowStart).isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "window " + Instant.ofEpochMilli(windowStart)
                        + " of UA never committed; windows: " + windows);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    CountryWindow w = Topics.COUNTRY_WINDOWS.value().deserializer().deserialize(r.topic(), r.value());
                    if (w.country().equals("UA")) {
                        windows.add(w);
                    }
                }
            }
            assertEquals(KafkaStreams.State.RUNNING, app.state());
        }
        return windows;
    }

    private StreamsSettings settings(Path stateDir) {
        return new StreamsSettings(bootstrap, applicationId, stateDir, 1, Map.of(), SETTINGS);
    }

    private static Optional<Long> packetsOf(List<CountryWindow> windows, long windowStart) {
        return windows.stream().filter(w -> w.windowStart().toEpochMilli() == windowStart)
                .map(CountryWindow::packets).findFirst();
    }

    /** A block of {@code n} UA scan packets spread from {@code from} to {@code to}. */
    private static PacketBlock block(int n, long from, long to) {
        PacketTraffic traffic = new PacketTraffic(n);
        for (int i = 0; i < n; i++) {
            traffic.addOne("UA", SCAN, from + (to - from) * i / Math.max(1, n - 1));
        }
        return new PacketBlock("UA", traffic.sorted().get(0).sensorId(), traffic.sorted());
    }

    private RecordMetadata send(PacketBlock block) throws Exception {
        return producer.send(new ProducerRecord<>(Topics.PACKET_BLOCKS.name(), block.country(), block)).get();
    }

    private long committedOffset(TopicPartition partition) throws Exception {
        OffsetAndMetadata committed = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS).get(partition);
        return committed == null ? -1 : committed.offset();
    }

    private Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return new HashMap<>(c.endOffsets(partitions));
        }
    }

    private KafkaConsumer<byte[], byte[]> committedReader(Map<TopicPartition, Long> from) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
        return consumer;
    }
}
