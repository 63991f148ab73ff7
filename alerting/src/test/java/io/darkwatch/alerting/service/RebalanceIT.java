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
import io.darkwatch.alerting.silence.SilenceSource;
import io.darkwatch.alerting.state.KafkaEpisodeStateStore;
import io.darkwatch.alerting.testing.AlertingKafka;
import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.alerting.testing.FakeTime;
import io.darkwatch.alerting.testing.SlackAndKafka;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.topic.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A second alerting instance joins the consumer group while alerts wait in the first one's group:
 * the partitions move, and still every alert reaches Slack exactly once.
 */
class RebalanceIT {
    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

    @RegisterExtension
    final SlackAndKafka env = new SlackAndKafka();

    @Test
    void shouldLoseNothingAndSendNothingTwiceWhenASecondInstanceJoinsWhileAlertsWait() throws Exception {
        // Given one OPEN event on each of the three partitions, read by instance A and waiting in its group
        String run = UUID.randomUUID().toString().substring(0, 8);
        String group = "alerting-rebalance-it-" + run;
        AlertingKafka.startAtEnd(env.admin(), group);
        List<String> before = List.of("A1-" + run, "A2-" + run, "A3-" + run);
        produceOnePerPartition(before);
        FakeTime timeA = new FakeTime(NOW);
        FakeTime timeB = new FakeTime(NOW);
        SimpleMeterRegistry metersA = new SimpleMeterRegistry();
        SimpleMeterRegistry metersB = new SimpleMeterRegistry();
        try (AlertingService a = service(group, metersA, timeA)) {
            a.start();
            await(() -> waiting(metersA) == 3, "three events waiting in instance A's group");
            assertEquals(0, env.slack().requests().size(), "nothing sent before the group wait");

            // When instance B joins the group before the group wait is over (A's partitions are revoked)
            try (AlertingService b = service(group, metersB, timeB)) {
                b.start();
                await(() -> membersWithPartitions(group) == 2, "both instances to own partitions");

                // Then A sent what waited, as one message, and committed it before letting the partitions go
                await(() -> AlertingKafka.caughtUp(env.admin(), group), "the waiting events to be committed");
                assertEquals(1, env.slack().requests().size());
                assertEquals(before, idsIn(0, before));
                assertEquals(0, waiting(metersA));

                // When three more events arrive, now read by both instances, and their groups' timers pass
                List<String> after = List.of("B1-" + run, "B2-" + run, "B3-" + run);
                produceOnePerPartition(after);
                await(() -> waiting(metersA) + waiting(metersB) == 3, "the new events waiting in A and B");
                timeA.sleep(GroupingSettings.DEFAULT_GROUP_INTERVAL);
                timeB.sleep(GroupingSettings.DEFAULT_GROUP_INTERVAL);
                await(() -> AlertingKafka.caughtUp(env.admin(), group), "the new events to be committed");

                // Then each instance sent one message with its own events, and every event went out exactly once
                assertEquals(3, env.slack().requests().size(), "one message before the rebalance, one per instance after");
                for (String id : concat(before, after)) {
                    long messages = env.slack().requests().stream().filter(r -> r.body().contains("`" + id + "`")).count();
                    assertEquals(1, messages, id + " was in " + messages + " messages");
                }
                // and B re-read nothing A had handled
                assertEquals(0.0, count(metersB, AlertMetrics.DEDUPLICATED));
                assertEquals(6.0, count(metersA, AlertMetrics.DELIVERED, "sink", "slack")
                        + count(metersB, AlertMetrics.DELIVERED, "sink", "slack"));
            }
        }
    }

    private List<String> idsIn(int request, List<String> candidates) {
        String body = env.slack().requests().get(request).body();
        return candidates.stream().filter(id -> body.contains("`" + id + "`")).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private int membersWithPartitions(String group) throws Exception {
        ConsumerGroupDescription d = env.admin().describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
        return (int) d.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
    }

    private void produceOnePerPartition(List<String> ids) throws Exception {
        try (KafkaProducer<String, Anomaly> producer = AlertingKafka.anomalyProducer(env.bootstrap())) {
            for (int p = 0; p < ids.size(); p++) {
                Anomaly a = p == 1 ? Anomalies.outage(ids.get(p), EpisodeStatus.OPEN) : Anomalies.openSurge(ids.get(p));
                producer.send(new ProducerRecord<>(Topics.ANOMALIES.name(), p, a.id(), a)).get();
            }
        }
    }

    private static double waiting(SimpleMeterRegistry registry) {
        Gauge g = registry.find(AlertMetrics.WAITING).gauge();
        return g == null ? -1 : g.value();
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
                OffsetCommitter.SYNC, time, new AlertPolicies(Optional.of(GroupingSettings.defaults()),
                        AlertRouting.NONE, SilenceSource.NONE));
    }
}
