package io.darkwatch.streams.app;

import static io.darkwatch.streams.testing.PacketTraffic.Kind.BACKSCATTER;
import static io.darkwatch.streams.testing.PacketTraffic.Kind.SCAN;
import static io.darkwatch.streams.testing.PacketTraffic.Kind.UDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.broker.SharedKafka;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.packet.PacketSummary;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streams application against a real broker: packets in, a committed backscatter OPEN out. */
class StreamsAppIT {
    private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000L;
    private static final int PARTITIONS = 3;
    /** One-minute windows and a ten-minute warm-up, so that the test needs minutes of traffic, not days. */
    private static final DetectorSettings SETTINGS = DetectorSettings.defaults().with(Map.of(
            "window.size", "1m", "window.grace", "5s", "baseline.windows", "60", "baseline.min-windows", "10",
            "country.forget-after", "2h"));

    @TempDir
    Path stateDir;

    @Test
    void shouldPublishACommittedOpenForTheOneCountryWhoseBackscatterSurges() throws Exception {
        // Given the topics, and 35 minutes of traffic from three countries in which UA's backscatter jumps
        // fivefold from minute 20 to 30, with a heartbeat to every partition every ten seconds
        String bootstrap = SharedKafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicInitializer.ensure(admin, Topics.ALL, PARTITIONS, (short) 1, true);
        }
        long surgeStart = T0 + 20 * MINUTE;
        long end = T0 + 35 * MINUTE;
        PacketTraffic traffic = new PacketTraffic(7);
        for (String c : List.of("DE", "FR", "UA")) {
            traffic.add(c, SCAN, 1.4, T0, end).add(c, BACKSCATTER, 0.4, T0, end).add(c, UDP, 0.2, T0, end);
        }
        traffic.add("UA", BACKSCATTER, 1.6, surgeStart, surgeStart + 10 * MINUTE);
        // The last heartbeat closes the last window of traffic and no later one: silence after the end
        // would (rightly) be reported as an outage of every country.
        long lastHeartbeat = end + 10_000;
        produce(bootstrap, traffic.sorted(), lastHeartbeat);

        // When the application runs on it
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StreamsSettings settings = new StreamsSettings(bootstrap, "darkwatch-it-" + UUID.randomUUID(), stateDir, 1,
                Map.of(), SETTINGS);
        List<Anomaly> anomalies = new ArrayList<>();
        try (StreamsApp app = new StreamsApp(settings, registry)) {
            app.start();
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "not RUNNING but " + app.state());

            // Then, once every window up to the last heartbeat is closed on every partition,
            long windowsPerTask = (lastHeartbeat - T0 - MINUTE - 5_000) / MINUTE + 1;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            try (KafkaConsumer<String, Anomaly> consumer = committedReader(bootstrap)) {
                consumer.subscribe(List.of(Topics.ANOMALIES.name()));
                while (System.nanoTime() < deadline
                        && (registry.get("darkwatch.windows.closed").counter().count() < PARTITIONS * windowsPerTask
                        || anomalies.stream().noneMatch(a -> a.status() == EpisodeStatus.RESOLVED))) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> anomalies.add(r.value()));
                }
                // (a last poll for anything committed just before the windows were all counted)
                consumer.poll(Duration.ofSeconds(1)).forEach(r -> anomalies.add(r.value()));
            }
            assertEquals(KafkaStreams.State.RUNNING, app.state());
        }

        // the committed anomalies are one backscatter episode of UA, opened within two windows of the surge
        assertTrue(!anomalies.isEmpty(), "no anomaly was published");
        assertTrue(anomalies.stream().allMatch(a -> a.country().equals("UA")
                && a.type() == AnomalyType.BACKSCATTER_SURGE), anomalies::toString);
        Anomaly open = anomalies.get(0);
        assertEquals(EpisodeStatus.OPEN, open.status());
        long lag = open.episodeStart().toEpochMilli() - surgeStart;
        assertTrue(lag >= 0 && lag <= 2 * MINUTE, "onset " + open.episodeStart());
        assertEquals(1, anomalies.stream().filter(a -> a.status() == EpisodeStatus.OPEN).count(), anomalies::toString);
        assertEquals(1.0, registry.get("darkwatch.anomalies").tags("type", "backscatter_surge", "status", "open")
                .counter().count());
    }

    @Test
    void shouldRefuseToRunOnStateBuiltWithAnotherWindowSize() throws Exception {
        // Given an application that has counted packets in one-minute windows
        String bootstrap = SharedKafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicInitializer.ensure(admin, Topics.ALL, PARTITIONS, (short) 1, true);
        }
        produce(bootstrap, new PacketTraffic(8).add("DE", SCAN, 1, T0, T0 + MINUTE).sorted(), T0 + 2 * MINUTE);
        String id = "darkwatch-it-" + UUID.randomUUID();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (StreamsApp first = new StreamsApp(new StreamsSettings(bootstrap, id, stateDir, 1, Map.of(), SETTINGS),
                registry)) {
            first.start();
            assertTrue(first.awaitRunning(Duration.ofSeconds(60)), "not RUNNING but " + first.state());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (registry.get("darkwatch.windows.closed").counter().count() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }

        // When it is restarted with two-minute windows on the same state
        DetectorSettings twoMinutes = SETTINGS.with(Map.of("window.size", "2m"));
        try (StreamsApp second = new StreamsApp(new StreamsSettings(bootstrap, id, stateDir, 1, Map.of(), twoMinutes),
                new SimpleMeterRegistry())) {
            second.start();

            // Then it stops with an error that says what to do, instead of losing the open windows
            assertTrue(second.awaitStopped(Duration.ofSeconds(60)), "still " + second.state());
            assertEquals(KafkaStreams.State.ERROR, second.state());
            Throwable cause = second.failure().orElseThrow();
            while (cause.getCause() != null && !(cause instanceof IllegalStateException)) {
                cause = cause.getCause();
            }
            assertTrue(cause.getMessage().contains("use a new application id"), cause.getMessage());
        }
    }

    /** Packets keyed by country in time order, with heartbeats to every partition every ten seconds. */
    private static void produce(String bootstrap, List<PacketSummary> packets, long lastHeartbeat) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, PacketSummary> producer = new KafkaProducer<>(config,
                Topics.PACKETS.key().serializer(), Topics.PACKETS.value().serializer())) {
            long nextHeartbeat = T0;
            for (PacketSummary p : packets) {
                while (nextHeartbeat <= p.timestampMillis()) {
                    heartbeat(producer, nextHeartbeat);
                    nextHeartbeat += 10_000;
                }
                producer.send(new ProducerRecord<>(Topics.PACKETS.name(), null, p.timestampMillis(), p.country(), p));
            }
            for (; nextHeartbeat <= lastHeartbeat; nextHeartbeat += 10_000) {
                heartbeat(producer, nextHeartbeat);
            }
            producer.flush();
        }
    }

    private static void heartbeat(KafkaProducer<String, PacketSummary> producer, long time) {
        for (int partition = 0; partition < PARTITIONS; partition++) {
            producer.send(Heartbeats.record(Topics.PACKETS.name(), partition, time, "it-sensor"));
        }
    }

    private static KafkaConsumer<String, Anomaly> committedReader(String bootstrap) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "darkwatch-it-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Topics.ANOMALIES.key().deserializer(), Topics.ANOMALIES.value().deserializer());
    }
}
