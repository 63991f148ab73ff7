package io.darkwatch.alerting.service;

import static io.darkwatch.alerting.service.AlertingRestartIT.await;
import static io.darkwatch.alerting.service.AlertingRestartIT.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkwatch.alerting.config.AlertingSettings;
import io.darkwatch.alerting.config.StartPosition;
import io.darkwatch.alerting.deadletter.DeadLetter;
import io.darkwatch.alerting.deadletter.KafkaDeadLetters;
import io.darkwatch.alerting.metrics.AlertMetrics;
import io.darkwatch.alerting.state.KafkaEpisodeStateStore;
import io.darkwatch.alerting.testing.AlertingKafka;
import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.alerting.testing.LogCapture;
import io.darkwatch.alerting.testing.RecordingSlackServer;
import io.darkwatch.alerting.testing.RecordingSlackServer.Reply;
import io.darkwatch.alerting.testing.SlackAndKafka;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.json.Json;
import io.darkwatch.common.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slack failures against the real broker and a real local "Slack": a rejected event and one whose
 * retries ran out go to the dead-letter topic once each, without the webhook URL, and the stream
 * moves on.
 */
class DeadLetterIT {
    private static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");

    @RegisterExtension
    final SlackAndKafka env = new SlackAndKafka();

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
    void shouldDeadLetterARejectedAndAnExhaustedEventOnceEachWithoutTheWebhookUrl() throws Exception {
        // Given three OPEN events on one partition, and a Slack that answers 404 channel_not_found to the
        // first, 503 to both attempts at the second and ok to the third
        String run = UUID.randomUUID().toString().substring(0, 8);
        Anomaly rejected = Anomalies.openSurge("A-" + run);
        Anomaly exhausted = Anomalies.outage("B-" + run, EpisodeStatus.OPEN);
        Anomaly delivered = Anomalies.openSurge("C-" + run);
        env.slack().script(Reply.error(404, "channel_not_found"), Reply.error(503, "service_unavailable"),
                Reply.error(503, "service_unavailable"), Reply.ok());
        String group = "alerting-dlq-it-" + run;
        AlertingKafka.startAtEnd(env.admin(), group);
        long firstOffset;
        try (KafkaProducer<String, Anomaly> producer = AlertingKafka.anomalyProducer(env.bootstrap())) {
            firstOffset = producer.send(new ProducerRecord<>(Topics.ANOMALIES.name(), 0, rejected.id(), rejected))
                    .get().offset();
            producer.send(new ProducerRecord<>(Topics.ANOMALIES.name(), 0, exhausted.id(), exhausted)).get();
            producer.send(new ProducerRecord<>(Topics.ANOMALIES.name(), 0, delivered.id(), delivered)).get();
        }

        // When an instance handles them (its commits lost, as if it died right after) and then a second one does
        SimpleMeterRegistry first = new SimpleMeterRegistry();
        try (AlertingService service = service(group, first, (consumer, offsets) -> { })) {
            service.start();
            await(() -> count(first, AlertMetrics.DELIVERED, "sink", "slack") == 1
                    && count(first, AlertMetrics.DEAD_LETTERED) >= 1
                    && AlertingKafka.deadLetters(env.bootstrap(), group).size() == 2, "one delivery and two dead letters");
        }
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        try (AlertingService service = service(group, second, OffsetCommitter.SYNC)) {
            service.start();
            await(() -> AlertingKafka.caughtUp(env.admin(), group), "the second instance to catch up");
        }

        // Then Slack saw four requests (one, two attempts, one), all from the first instance
        assertEquals(4, env.slack().requests().size());
        assertEquals(3.0, count(second, AlertMetrics.DEDUPLICATED), "the second instance re-read all three");
        // and exactly two dead letters exist, with what an operator needs to replay them
        List<DeadLetter> letters = AlertingKafka.deadLetters(env.bootstrap(), group).stream()
                .sorted(Comparator.comparingLong(DeadLetter::sourceOffset)).toList();
        // (compared as JSON: the event's details come back with ints where the test wrote longs)
        assertEquals(json(List.of(
                new DeadLetter(1, rejected, "slack", "channel_not_found", true, 404, 1, NOW, group,
                        Topics.ANOMALIES.name(), 0, firstOffset),
                new DeadLetter(1, exhausted, "slack", "http_503", false, 503, 2, NOW, group,
                        Topics.ANOMALIES.name(), 0, firstOffset + 1))), json(letters));
        // and counted per sink and reason
        assertEquals(1.0, count(first, AlertMetrics.DEAD_LETTERED, "sink", "slack", "reason", "channel_not_found"));
        assertEquals(1.0, count(first, AlertMetrics.DEAD_LETTERED, "sink", "slack", "reason", "http_503"));
        assertEquals(0.0, count(second, AlertMetrics.DEAD_LETTERED));
        // and no dead letter (of any run) nor log line carries the webhook's secret or its address
        String webhookAddress = env.slack().webhookUrl().substring(0, env.slack().webhookUrl().indexOf("/services"));
        for (byte[] raw : AlertingKafka.rawDeadLetters(env.bootstrap())) {
            String text = new String(raw, StandardCharsets.UTF_8);
            assertFalse(text.contains(RecordingSlackServer.SECRET), text);
            assertFalse(text.contains(webhookAddress), text);
        }
        for (String line : logs.lines()) {
            assertFalse(line.contains(RecordingSlackServer.SECRET), line);
        }
        assertTrue(logs.linesContaining("dead-lettered " + rejected.id() + " OPEN for the slack sink").size() == 1,
                logs.lines().toString());
    }

    /** Through text and back, so that numbers compare by value and objects regardless of key order. */
    private static JsonNode json(Object value) throws java.io.IOException {
        return Json.mapper().readTree(Json.mapper().writeValueAsString(value));
    }

    private AlertingService service(String group, SimpleMeterRegistry registry, OffsetCommitter committer) {
        AlertingSettings settings = AlertingSettings.fromEnvironment(env.bootstrap(), group, StartPosition.EARLIEST,
                AlertingRestartIT.FAST_SLACK, null, false,
                Map.of(AlertingSettings.ENV_WEBHOOK_URL, env.slack().webhookUrl())::get);
        AlertMetrics metrics = new AlertMetrics(registry);
        return new AlertingService(AlertingService.consumerConfig(settings),
                AlertSinks.fromSettings(settings, metrics, System.out), metrics,
                new KafkaDeadLetters(AlertingService.producerConfig(settings, "dead-letter")),
                new KafkaEpisodeStateStore(group, AlertingService.producerConfig(settings, "state"),
                        AlertingService.stateReaderConfig(settings), Duration.ofSeconds(30)),
                committer, Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
