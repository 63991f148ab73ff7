package io.darkwatch.alerting.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.alerting.config.AlertingSettings;
import io.darkwatch.alerting.config.StartPosition;
import io.darkwatch.alerting.deadletter.KafkaDeadLetters;
import io.darkwatch.alerting.metrics.AlertMetrics;
import io.darkwatch.alerting.slack.SlackDeliverySettings;
import io.darkwatch.alerting.state.KafkaEpisodeStateStore;
import io.darkwatch.alerting.testing.AlertingKafka;
import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.alerting.testing.RecordingSlackServer;
import io.darkwatch.alerting.testing.RecordingSlackServer.Reply;
import io.darkwatch.alerting.testing.SlackAndKafka;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deduplication across restarts against the real broker and a real local "Slack": an instance that
 * dies after delivering alerts but before their offsets are committed is replaced by a new one of
 * the same group, which reads the state topic and sends nothing a second time.
 */
class AlertingRestartIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @RegisterExtension
    final SlackAndKafka env = new SlackAndKafka();
    /** Fast enough for a test, slow enough (100 ms a message) that the crash lands mid-stream. */
    static final SlackDeliverySettings FAST_SLACK = new SlackDeliverySettings(Duration.ofSeconds(5), 2,
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(1), 1000, 100);

    @Test
    void shouldNotAlertAnythingTwiceWhenAnInstanceDiesBetweenDeliveryAndCommit() throws Exception {
        // Given 4 episodes of 4 events each (OPEN, two ONGOING updates, RESOLVED), and a Slack taking 100 ms a message
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Anomaly> events = new ArrayList<>();
        for (int e = 0; e < 4; e++) {
            String id = "BACKSCATTER_SURGE-UA-" + run + "-" + e;
            events.add(Anomalies.openSurge(id));
            events.add(Anomalies.backscatter(id, EpisodeStatus.ONGOING, 1, 200, List.of(), List.of()));
            events.add(Anomalies.backscatter(id, EpisodeStatus.ONGOING, 2, 300, List.of(), List.of()));
            events.add(Anomalies.backscatter(id, EpisodeStatus.RESOLVED, 3, 12, List.of(), List.of()));
        }
        for (int i = 0; i < events.size(); i++) {
            env.slack().script(Reply.okAfter(Duration.ofMillis(100)));
        }
        String group = "alerting-restart-it-" + run;
        AlertingKafka.startAtEnd(env.admin(), group);
        try (KafkaProducer<String, Anomaly> producer = AlertingKafka.anomalyProducer(env.bootstrap())) {
            for (Anomaly a : events) {
                producer.send(new ProducerRecord<>(Topics.ANOMALIES.name(), a.id(), a)).get();
            }
        }

        // When the first instance's commits stop arriving after its second one, and it dies after 8 alerts
        AtomicInteger commits = new AtomicInteger();
        OffsetCommitter dyingCommits = (consumer, offsets) -> {
            if (commits.incrementAndGet() <= 2) {
                consumer.commitSync(offsets);
            }
        };
        SimpleMeterRegistry first = new SimpleMeterRegistry();
        AlertingService dying = service(group, first, dyingCommits);
        dying.start();
        await(() -> env.slack().requests().size() >= 8, "8 alerts from the first instance");
        dying.crash();
        int sentBeforeCrash = env.slack().requests().size();
        assertTrue(sentBeforeCrash < events.size(), "the crash came mid-stream, after " + sentBeforeCrash);

        // and a second instance of the same group takes over
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        try (AlertingService successor = service(group, second, OffsetCommitter.SYNC)) {
            successor.start();
            await(() -> env.slack().requests().size() >= events.size() && AlertingKafka.caughtUp(env.admin(), group),
                    "all 16 alerts and the group caught up");
        }

        // Then Slack got every event exactly once
        List<String> bodies = env.slack().requests().stream().map(RecordingSlackServer.Request::body).toList();
        assertEquals(events.size(), bodies.size(), "requests: " + bodies.size());
        assertEquals(events.size(), new HashSet<>(bodies).size(), "a message was sent twice");
        // and the successor really was handed events the first instance had sent but not committed
        double skipped = count(second, AlertMetrics.DEDUPLICATED);
        assertTrue(skipped >= sentBeforeCrash - 2, "the successor skipped only " + skipped + " of the "
                + (sentBeforeCrash - 2) + " delivered but uncommitted events");
    }

    /** A service with Kafka-backed dead letters and state, only Slack as a sink, and the given commits. */
    private AlertingService service(String group, SimpleMeterRegistry registry, OffsetCommitter committer) {
        AlertingSettings settings = AlertingSettings.fromEnvironment(env.bootstrap(), group, StartPosition.EARLIEST,
                FAST_SLACK, null, false, Map.of(AlertingSettings.ENV_WEBHOOK_URL, env.slack().webhookUrl())::get);
        AlertMetrics metrics = new AlertMetrics(registry);
        return new AlertingService(AlertingService.consumerConfig(settings),
                AlertSinks.fromSettings(settings, metrics, System.out), metrics,
                new KafkaDeadLetters(AlertingService.producerConfig(settings, "dead-letter")),
                new KafkaEpisodeStateStore(group, AlertingService.producerConfig(settings, "state"),
                        AlertingService.stateReaderConfig(settings), Duration.ofSeconds(30)),
                committer, Clock.systemUTC());
    }

    static double count(SimpleMeterRegistry registry, String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void await(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what);
            }
            Thread.sleep(50);
        }
    }
}
