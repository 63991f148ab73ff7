package io.darkwatch.alerting.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkwatch.alerting.config.AlertingSettings;
import io.darkwatch.alerting.config.StartPosition;
import io.darkwatch.alerting.metrics.AlertMetrics;
import io.darkwatch.alerting.slack.SlackDeliverySettings;
import io.darkwatch.alerting.testing.AlertingKafka;
import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.alerting.testing.LogCapture;
import io.darkwatch.alerting.testing.RecordingSlackServer;
import io.darkwatch.alerting.testing.SlackAndKafka;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.json.Json;
import io.darkwatch.common.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service against a real broker, a real local "Slack" and a real file: events written the way
 * the streams app writes them (in transactions) come out in order, once, with garbage and aborted
 * writes left out, and the offsets are committed.
 */
class AlertingServiceIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @RegisterExtension
    final SlackAndKafka env = new SlackAndKafka();

    @TempDir
    Path dir;

    private LogCapture logs;

    @BeforeEach
    void setUp() throws Exception {
        logs = new LogCapture();
    }

    @AfterEach
    void tearDown() {
        logs.close();
    }

    @Test
    void shouldAlertEachEpisodeStepOnceInOrderSkipGarbageAndCommitWhatItDelivered() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String episode = "BACKSCATTER_SURGE-UA-" + run;
        Anomaly open = Anomalies.openSurge(episode);
        Anomaly ongoing = Anomalies.backscatter(episode, EpisodeStatus.ONGOING, 1, 300,
                List.of(Anomalies.victim("192.0.2.7", 250)), List.of(Anomalies.port(443, 250)));
        Anomaly aborted = Anomalies.backscatter(episode, EpisodeStatus.ONGOING, 2, 999, List.of(), List.of());
        Anomaly resolved = Anomalies.backscatter(episode, EpisodeStatus.RESOLVED, 3, 12, List.of(), List.of());

        // Given, on the episode's partition: OPEN, the same OPEN again (a redelivery), a garbage
        // record, an ONGOING update in an aborted transaction, then ONGOING and RESOLVED
        String group = "alerting-it-" + run;
        AlertingKafka.startAtEnd(env.admin(), group);
        int partition;
        long resolvedOffset;
        try (KafkaProducer<String, Anomaly> tx = transactionalProducer(run)) {
            tx.initTransactions();
            tx.beginTransaction();
            partition = tx.send(record(open)).get().partition();
            tx.send(record(open));
            tx.commitTransaction();
            try (KafkaProducer<String, byte[]> raw = rawProducer()) {
                raw.send(new ProducerRecord<>(Topics.ANOMALIES.name(), partition, episode,
                        "{not json at all".getBytes(StandardCharsets.UTF_8))).get();
            }
            tx.beginTransaction();
            tx.send(record(aborted)).get();
            tx.abortTransaction();
            tx.beginTransaction();
            tx.send(record(ongoing));
            var resolvedWrite = tx.send(record(resolved));
            tx.commitTransaction();
            resolvedOffset = resolvedWrite.get().offset();
        }

        // When the service runs with the Slack and file sinks until both have seen the episode
        Path file = dir.resolve("alerts.jsonl");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (AlertingService service = AlertingService.create(settings(group, file), registry)) {
            service.start();
            await(() -> env.slack().requests().size() >= 3 && count(registry, AlertMetrics.BAD_RECORDS) >= 1
                    && count(registry, AlertMetrics.DEDUPLICATED) >= 1, "three alerts, one bad record, one duplicate");
        }

        // Then Slack got exactly OPEN, ONGOING, RESOLVED in that order, the duplicate and the aborted update never
        List<String> slackTexts = env.slack().requests().stream().map(r -> text(r.body())).toList();
        assertEquals(List.of(
                "[CRITICAL] Backscatter surge Ukraine (UA) OPEN: observed 120 vs expected 10 (12×), "
                        + "window 2022-02-24 00:00–00:05 UTC",
                "[CRITICAL] Backscatter surge Ukraine (UA) ONGOING: observed 300 vs expected 10 (30×), "
                        + "window 2022-02-24 00:05–00:10 UTC",
                "[-] Backscatter surge Ukraine (UA) RESOLVED: observed 12 vs expected 10 (1.2×), "
                        + "window 2022-02-24 00:15–00:20 UTC, resolved after 15m (2022-02-24 00:00–00:15 UTC)"),
                slackTexts);
        // and the file holds the same three events exactly as the topic carried them
        assertEquals(List.of(json(open), json(ongoing), json(resolved)), Files.readAllLines(file));
        // and the garbage was counted and logged with where it was
        assertEquals(1.0, count(registry, AlertMetrics.BAD_RECORDS));
        assertEquals(1.0, count(registry, AlertMetrics.DEDUPLICATED));
        assertEquals(3.0, registry.get(AlertMetrics.DELIVERED).tag("sink", "slack").counter().count());
        assertEquals(3.0, registry.get(AlertMetrics.DELIVERED).tag("sink", "file").counter().count());
        assertEquals(1, logs.linesContaining("skipping a bad record on darkwatch.anomalies partition " + partition
                + " offset").size(), logs.lines().toString());
        // and the group committed up to the partition's end, past the last event and the transaction's
        // commit marker after it, so that "committed == end offset" tells that alerting has caught up
        TopicPartition tp = new TopicPartition(Topics.ANOMALIES.name(), partition);
        long end = env.admin().listOffsets(java.util.Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()),
                new org.apache.kafka.clients.admin.ListOffsetsOptions(org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
                .all().get().get(tp).offset();
        assertEquals(resolvedOffset + 2, end, "the RESOLVED event and its commit marker end the partition");
        OffsetAndMetadata committed = null;
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && (committed == null || committed.offset() != end)) {
            committed = env.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(tp);
            Thread.sleep(100);
        }
        assertNotNull(committed, "the group committed nothing on partition " + partition);
        assertEquals(end, committed.offset());

        // When a second instance of the same group starts and a new episode arrives on that partition
        String next = "OUTAGE-KZ-" + run;
        try (AlertingService again = AlertingService.create(settings(group, file), new SimpleMeterRegistry());
                KafkaProducer<String, Anomaly> tx = transactionalProducer(run + "-2")) {
            again.start();
            tx.initTransactions();
            tx.beginTransaction();
            tx.send(new ProducerRecord<>(Topics.ANOMALIES.name(), partition, next,
                    Anomalies.outage(next, EpisodeStatus.OPEN)));
            tx.commitTransaction();
            await(() -> env.slack().requests().size() >= 4, "the new episode");
        }

        // Then it alerted only the new episode: everything before it had been committed
        assertEquals(4, env.slack().requests().size());
        assertTrue(text(env.slack().requests().get(3).body()).startsWith("[CRITICAL] Outage Kazakhstan (KZ) OPEN"));
        for (String line : logs.lines()) {
            assertFalse(line.contains(RecordingSlackServer.SECRET), line);
        }
    }

    private AlertingSettings settings(String group, Path file) {
        return AlertingSettings.fromEnvironment(env.bootstrap(), group, StartPosition.EARLIEST,
                SlackDeliverySettings.defaults().withRequestTimeout(Duration.ofSeconds(5)), file, false,
                Map.of(AlertingSettings.ENV_WEBHOOK_URL, env.slack().webhookUrl())::get);
    }

    private KafkaProducer<String, Anomaly> transactionalProducer(String id) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrap(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "alerting-it-" + id),
                new StringSerializer(), Topics.ANOMALIES.value().serializer());
    }

    private KafkaProducer<String, byte[]> rawProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrap()),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static ProducerRecord<String, Anomaly> record(Anomaly a) {
        return new ProducerRecord<>(Topics.ANOMALIES.name(), a.id(), a);
    }

    private static String json(Anomaly a) {
        return new String(Topics.ANOMALIES.value().serializer().serialize("t", a), StandardCharsets.UTF_8);
    }

    private static String text(String body) {
        try {
            JsonNode message = Json.mapper().readTree(body);
            return message.get("text").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError("Slack got a body that is not JSON: " + body, e);
        }
    }

    private static double count(SimpleMeterRegistry registry, String name) {
        Counter c = registry.find(name).counter();
        return c == null ? 0 : c.count();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what);
            }
            Thread.sleep(50);
        }
    }
}
