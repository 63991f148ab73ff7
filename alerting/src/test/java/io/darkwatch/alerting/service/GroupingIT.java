package io.darkwatch.alerting.service;

import static io.darkwatch.alerting.service.AlertingRestartIT.await;
import static io.darkwatch.alerting.service.AlertingRestartIT.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.alerting.config.AlertingSettings;
import io.darkwatch.alerting.config.StartPosition;
import io.darkwatch.alerting.deadletter.KafkaDeadLetters;
import io.darkwatch.alerting.grouping.GroupingSettings;
import io.darkwatch.alerting.metrics.AlertMetrics;
import io.darkwatch.alerting.state.KafkaEpisodeStateStore;
import io.darkwatch.alerting.testing.AlertingKafka;
import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.alerting.testing.FakeTime;
import io.darkwatch.alerting.testing.SlackAndKafka;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.json.Json;
import io.darkwatch.common.topic.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Grouping against the real broker and a real local "Slack", on a clock the test moves: alerts that
 * arrive together go out as one message, and their offsets are committed only after it went out.
 */
class GroupingIT {
    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

    @RegisterExtension
    final SlackAndKafka env = new SlackAndKafka();

    @Test
    void shouldSendAlertsThatArriveTogetherAsOneMessageAndCommitThemOnlyAfterItWentOut() throws Exception {
        // Given three OPEN events on one partition, for a group that starts at the topic's end
        String run = UUID.randomUUID().toString().substring(0, 8);
        String group = "alerting-grouping-it-" + run;
        AlertingKafka.startAtEnd(env.admin(), group);
        long first = produce(Anomalies.openSurge("A-" + run), Anomalies.outage("B-" + run, EpisodeStatus.OPEN),
                Anomalies.openSurge("C-" + run));

        // When a grouping service has read them, before the group wait is over
        FakeTime time = new FakeTime(NOW);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (AlertingService service = service(group, registry, time)) {
            service.start();
            await(() -> waiting(registry) == 3, "three events waiting in the group");
            Thread.sleep(700); // two more poll rounds: nothing may go out, nothing may be committed

            // Then nothing was sent, and the commit stays at the first waiting event
            assertEquals(0, env.slack().requests().size());
            assertEquals(first, committed(group));

            // When the group wait passes
            time.sleep(GroupingSettings.DEFAULT_GROUP_WAIT);

            // Then one message carries all three, and only then is everything committed
            await(() -> AlertingKafka.caughtUp(env.admin(), group), "the group's offsets to be committed");
            assertEquals(1, env.slack().requests().size());
            String text = text(env.slack().requests().get(0).body());
            assertTrue(text.startsWith("3 darkwatch alerts: [CRITICAL] Backscatter surge Ukraine (UA) OPEN"), text);
            assertTrue(text.contains("Outage Kazakhstan (KZ) OPEN"), text);
            assertEquals(3.0, count(registry, AlertMetrics.DELIVERED, "sink", "slack"));
            assertEquals(1.0, count(registry, AlertMetrics.GROUPED_MESSAGES));
            assertEquals(0, waiting(registry));

            // When the episodes stay open for the repeat interval
            time.sleep(GroupingSettings.DEFAULT_REPEAT_INTERVAL);

            // Then one reminder repeats all three
            await(() -> env.slack().requests().size() == 2, "the reminder");
            String reminder = text(env.slack().requests().get(1).body());
            assertTrue(reminder.startsWith("Reminder: 3 episodes still open: [CRITICAL] Backscatter surge"), reminder);
            // (counted once Slack's answer is back, a moment after the request arrived)
            await(() -> count(registry, AlertMetrics.REMINDERS, "sink", "slack") == 1.0, "the reminder counted");
        }
    }

    @Test
    void shouldSendWaitingAlertsAfterACrashBecauseTheirOffsetsWereNotCommitted() throws Exception {
        // Given two events read by an instance that dies while they wait in their group
        String run = UUID.randomUUID().toString().substring(0, 8);
        String group = "alerting-grouping-crash-it-" + run;
        AlertingKafka.startAtEnd(env.admin(), group);
        long first = produce(Anomalies.openSurge("A-" + run), Anomalies.openSurge("B-" + run));
        SimpleMeterRegistry dying = new SimpleMeterRegistry();
        AlertingService crashed = service(group, dying, new FakeTime(NOW));
        crashed.start();
        await(() -> waiting(dying) == 2, "two events waiting in the group");
        crashed.crash();
        assertEquals(first, committed(group));

        // When a new instance starts and its group wait passes
        FakeTime time = new FakeTime(NOW);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (AlertingService service = service(group, registry, time)) {
            service.start();
            await(() -> waiting(registry) == 2, "the two events read again");
            time.sleep(GroupingSettings.DEFAULT_GROUP_WAIT);
            await(() -> AlertingKafka.caughtUp(env.admin(), group), "the group's offsets to be committed");
        }

        // Then both were sent, once, in one message
        assertEquals(1, env.slack().requests().size());
        assertTrue(text(env.slack().requests().get(0).body()).startsWith("2 darkwatch alerts"));
    }

    @Test
    void shouldSendWaitingAlertsEarlyWhenClosedAndCommitThem() throws Exception {
        // Given an event waiting in its group
        String run = UUID.randomUUID().toString().substring(0, 8);
        String group = "alerting-grouping-close-it-" + run;
        AlertingKafka.startAtEnd(env.admin(), group);
        produce(Anomalies.outage("O-" + run, EpisodeStatus.OPEN));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AlertingService service = service(group, registry, new FakeTime(NOW));
        service.start();
        await(() -> waiting(registry) == 1, "the event waiting in its group");

        // When the service is closed (SIGTERM) before the group wait is over
        service.close();

        // Then the event was sent (on its own, in full) and committed
        assertEquals(1, env.slack().requests().size());
        assertTrue(text(env.slack().requests().get(0).body()).startsWith("[CRITICAL] Outage Kazakhstan (KZ) OPEN"));
        assertTrue(AlertingKafka.caughtUp(env.admin(), group));
    }

    /** Writes the events to partition 0 in order; returns the first one's offset. */
    private long produce(Anomaly... anomalies) throws Exception {
        long first = -1;
        try (KafkaProducer<String, Anomaly> producer = AlertingKafka.anomalyProducer(env.bootstrap())) {
            for (Anomaly a : anomalies) {
                long offset = producer.send(new ProducerRecord<>(Topics.ANOMALIES.name(), 0, a.id(), a)).get().offset();
                first = first < 0 ? offset : first;
            }
        }
        return first;
    }

    private long committed(String group) throws Exception {
        OffsetAndMetadata c = env.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                .get(new TopicPartition(Topics.ANOMALIES.name(), 0));
        return c == null ? -1 : c.offset();
    }

    private static double waiting(SimpleMeterRegistry registry) {
        Gauge g = registry.find(AlertMetrics.WAITING).gauge();
        return g == null ? -1 : g.value();
    }

    private static String text(String body) throws Exception {
        return Json.mapper().readTree(body).get("text").asText();
    }

    private AlertingService service(String group, SimpleMeterRegistry registry, FakeTime time) {
        AlertingSettings settings = AlertingSettings.fromEnvironment(env.bootstrap(), group, StartPosition.EARLIEST,
                AlertingRestartIT.FAST_SLACK, null, false,
                Map.of(AlertingSettings.ENV_WEBHOOK_URL, env.slack().webhookUrl())::get);
        AlertMetrics metrics = new AlertMetrics(registry);
        return new AlertingService(AlertingService.consumerConfig(settings),
                AlertSinks.fromSettings(settings, metrics, System.out), metrics,
                new KafkaDeadLetters(AlertingService.producerConfig(settings, "dead-letter")),
                new KafkaEpisodeStateStore(group, AlertingService.producerConfig(settings, "state"),
                        AlertingService.stateReaderConfig(settings), Duration.ofSeconds(30)),
                OffsetCommitter.SYNC, time, new AlertPolicies(Optional.of(GroupingSettings.defaults()), AlertRouting.NONE,
                        io.darkwatch.alerting.silence.SilenceSource.NONE));
    }
}
