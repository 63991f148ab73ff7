package io.darkwatch.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.alerting.config.AlertingSettings;
import io.darkwatch.alerting.config.StartPosition;
import io.darkwatch.alerting.grouping.GroupingSettings;
import io.darkwatch.alerting.metrics.AlertMetrics;
import io.darkwatch.alerting.service.AlertingService;
import io.darkwatch.alerting.slack.SlackDeliverySettings;
import io.darkwatch.alerting.testing.AlertingKafka;
import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.alerting.testing.RecordingSlackServer;
import io.darkwatch.alerting.testing.RecordingSlackServer.Reply;
import io.darkwatch.alerting.topic.AlertingTopics;
import io.darkwatch.broker.SharedKafka;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.topic.TopicInitializer;
import io.darkwatch.common.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * What SIGTERM runs: the shutdown hook lets the alert in hand finish and commits it, and sends the
 * alerts that wait in a group (flushes them) rather than leave them uncommitted for the next start.
 */
class AlertingShutdownIT {

    @Test
    void shouldFinishTheAlertBeingSentAndCommitItWhenTheShutdownHookRuns() throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String group = "alerting-shutdown-it-" + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                RecordingSlackServer slack = new RecordingSlackServer()) {
            TopicInitializer.ensure(admin, Topics.ALL, 3, (short) 1, true);
            AlertingTopics.ensure(admin, 2, (short) 1);
            // Given a Slack that takes 1.5 s to answer, and an event on partition 0
            slack.script(Reply.okAfter(Duration.ofMillis(1500)));
            Anomaly open = Anomalies.outage("OUTAGE-KZ-" + run, EpisodeStatus.OPEN);
            AlertingKafka.startAtEnd(admin, group);
            long offset;
            try (KafkaProducer<String, Anomaly> producer = AlertingKafka.anomalyProducer(bootstrap)) {
                offset = producer.send(new ProducerRecord<>(Topics.ANOMALIES.name(), 0, open.id(), open)).get()
                        .offset();
            }
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            AlertingService service = AlertingService.create(AlertingSettings.fromEnvironment(bootstrap, group,
                    StartPosition.EARLIEST, SlackDeliverySettings.defaults(), null, false,
                    Map.of(AlertingSettings.ENV_WEBHOOK_URL, slack.webhookUrl())::get), registry);
            service.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (slack.requests().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, slack.requests().size(), "Slack got the request");

            // When SIGTERM arrives while Slack has not answered yet
            Thread hook = AlertingMain.shutdownHook(service);
            hook.start();
            hook.join(Duration.ofSeconds(30).toMillis());

            // Then the hook waited for the answer, and the event's offset is committed
            assertTrue(!hook.isAlive(), "the hook is still running");
            assertTrue(service.awaitTermination(Duration.ZERO));
            Counter delivered = registry.find(AlertMetrics.DELIVERED).tag("sink", "slack").counter();
            assertEquals(1.0, delivered == null ? 0 : delivered.count());
            TopicPartition tp = new TopicPartition(Topics.ANOMALIES.name(), 0);
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .get(tp);
            assertTrue(committed != null && committed.offset() > offset, "committed " + committed);
        }
    }

    @Test
    void shouldSendTheAlertsWaitingInAGroupAndCommitThemWhenTheShutdownHookRuns() throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String group = "alerting-shutdown-grouped-it-" + run;
        try (Admin admin = AlertingKafka.adminWithTopics(bootstrap);
                RecordingSlackServer slack = new RecordingSlackServer()) {
            // Given the service as darkwatch alerting builds it, grouping with a group wait of an hour (so that
            // only the shutdown can send them), and two events on partition 0 waiting in their group
            AlertingKafka.startAtEnd(admin, group);
            long last;
            try (KafkaProducer<String, Anomaly> producer = AlertingKafka.anomalyProducer(bootstrap)) {
                Anomaly surge = Anomalies.openSurge("BACKSCATTER_SURGE-UA-" + run);
                Anomaly outage = Anomalies.outage("OUTAGE-KZ-" + run, EpisodeStatus.OPEN);
                producer.send(new ProducerRecord<>(Topics.ANOMALIES.name(), 0, surge.id(), surge)).get();
                last = producer.send(new ProducerRecord<>(Topics.ANOMALIES.name(), 0, outage.id(), outage)).get()
                        .offset();
            }
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            AlertingService service = AlertingService.create(AlertingSettings.fromEnvironment(bootstrap, group,
                    StartPosition.EARLIEST, SlackDeliverySettings.defaults(), null, false,
                    Map.of(AlertingSettings.ENV_WEBHOOK_URL, slack.webhookUrl())::get)
                    .withGrouping(Optional.of(new GroupingSettings(Duration.ofHours(1), Duration.ofHours(1),
                            Duration.ofHours(4)))), registry);
            service.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (waiting(registry) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(2.0, waiting(registry), "both events wait in the group");
            assertEquals(0, slack.requests().size());

            // When SIGTERM arrives, long before the group wait is over
            Thread hook = AlertingMain.shutdownHook(service);
            hook.start();
            hook.join(Duration.ofSeconds(30).toMillis());

            // Then the waiting group went out as one message before the process ended, and is committed:
            // the drain sends rather than leaves the events for the next start
            assertTrue(!hook.isAlive(), "the hook is still running");
            assertEquals(1, slack.requests().size());
            assertTrue(slack.requests().get(0).body().contains("2 darkwatch alerts"), slack.requests().get(0).body());
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(Topics.ANOMALIES.name(), 0));
            assertTrue(committed != null && committed.offset() > last, "committed " + committed);
            slack.assertEveryPayloadWithinBlockKitLimits();
        }
    }

    private static double waiting(SimpleMeterRegistry registry) {
        Gauge g = registry.find(AlertMetrics.WAITING).gauge();
        return g == null ? 0 : g.value();
    }
}
