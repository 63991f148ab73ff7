package io.darkwatch.alerting.service;

import static io.darkwatch.alerting.service.AlertingRestartIT.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkwatch.alerting.config.AlertingSettings;
import io.darkwatch.alerting.config.StartPosition;
import io.darkwatch.alerting.deadletter.DeadLetter;
import io.darkwatch.alerting.deadletter.KafkaDeadLetters;
import io.darkwatch.alerting.metrics.AlertMetrics;
import io.darkwatch.alerting.slack.SlackDeliverySettings;
import io.darkwatch.alerting.state.KafkaEpisodeStateStore;
import io.darkwatch.alerting.testing.AlertingKafka;
import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.alerting.testing.LogCapture;
import io.darkwatch.alerting.testing.PrometheusScrape;
import io.darkwatch.alerting.testing.RecordingSlackServer;
import io.darkwatch.alerting.testing.RecordingSlackServer.Reply;
import io.darkwatch.alerting.testing.SlackAndKafka;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.json.Json;
import io.darkwatch.common.topic.Topics;
import io.darkwatch.ops.OpsServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One scripted run against the real broker and a real local "Slack" that answers, request by
 * request, ok, 429 with Retry-After, 500, an answer slower than the timeout, 400 invalid_payload,
 * 404 channel_not_found, 410 channel_is_archived and 403 action_prohibited; the alerting service
 * dies in the middle (after delivering, before committing) and a new instance takes over. Asserted:
 * the exact requests in their order, the rate limit between them, the dead letters, the metrics as
 * Prometheus serves them, and that the webhook's secret shows in none of logs, scrapes, dead letters.
 */
class ScriptedSlackRunIT {
    @RegisterExtension
    final SlackAndKafka env = new SlackAndKafka();
    /**
     * 5 messages a second, no burst: consecutive requests at least 200 ms apart. The 2 s timeout is far
     * above a local answer even on a loaded machine (at 500 ms the JVM's very first request sometimes
     * timed out), and far below the scripted slow answer.
     */
    private static final SlackDeliverySettings SCRIPTED_SLACK = new SlackDeliverySettings(Duration.ofSeconds(2), 3,
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(2), 5, 1);
    private static final Pattern EPISODE = Pattern.compile("episode `([^`]+)`");

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
    void shouldSendEveryAlertOnceInOrderThroughEverySlackAnswerAndARestartInTheMiddle() throws Exception {
        // Given eleven events on one partition: episodes A and B open, update and resolve; C to G open
        String run = UUID.randomUUID().toString().substring(0, 8);
        String a = "A-" + run;
        String b = "B-" + run;
        List<Anomaly> events = List.of(
                Anomalies.openSurge(a),
                Anomalies.outage(b, EpisodeStatus.OPEN),
                Anomalies.backscatter(a, EpisodeStatus.ONGOING, 1, 300, List.of(), List.of()),
                Anomalies.outage(b, EpisodeStatus.ONGOING),
                Anomalies.openSurge("C-" + run),
                Anomalies.openSurge("D-" + run),
                Anomalies.backscatter(a, EpisodeStatus.RESOLVED, 2, 11, List.of(), List.of()),
                Anomalies.outage(b, EpisodeStatus.RESOLVED),
                Anomalies.openSurge("E-" + run),
                Anomalies.openSurge("F-" + run),
                Anomalies.openSurge("G-" + run));
        // and a Slack that answers each request from this script
        env.slack().script(
                Reply.ok(),                                          // A OPEN
                Reply.rateLimited(1), Reply.ok(),                    // B OPEN: 429, wait 1 s, ok
                Reply.error(500, "internal_error"), Reply.ok(),      // A ONGOING: 500, backoff, ok
                Reply.okAfter(Duration.ofSeconds(6)), Reply.ok(),    // B ONGOING: timeout, backoff, ok
                Reply.error(400, "invalid_payload"),                 // C: dead letter
                Reply.error(404, "channel_not_found"),               // D: dead letter; the instance dies here
                Reply.ok(), Reply.ok(),                              // A, B RESOLVED (second instance)
                Reply.error(410, "channel_is_archived"),             // E: dead letter
                Reply.error(403, "action_prohibited"),               // F: dead letter
                Reply.ok());                                         // G
        String group = "alerting-scripted-it-" + run;
        AlertingKafka.startAtEnd(env.admin(), group);
        List<Long> offsets = new ArrayList<>();
        try (KafkaProducer<String, Anomaly> producer = AlertingKafka.anomalyProducer(env.bootstrap())) {
            for (Anomaly e : events) {
                offsets.add(producer.send(new ProducerRecord<>(Topics.ANOMALIES.name(), 0, e.id(), e)).get().offset());
            }
        }

        // When the first instance commits up to B ONGOING's offset, loses the commits after it, and dies
        // at the commit after D (D's delivery attempt and dead letter done, its state recorded)
        long firstLost = offsets.get(3);
        long dieAt = offsets.get(5) + 1;
        OffsetCommitter dying = (consumer, pending) -> {
            long offset = pending.get(new TopicPartition(Topics.ANOMALIES.name(), 0)).offset();
            if (offset >= dieAt) {
                throw new KafkaException("simulated crash before committing offset " + offset);
            }
            if (offset <= firstLost) {
                consumer.commitSync(pending);
            }
        };
        PrometheusScrape firstScrape;
        try (OpsServer ops = new OpsServer("127.0.0.1", 0);
                AlertingService first = service(group, new AlertMetrics(ops.registry()), dying)) {
            first.start();
            assertTrue(first.awaitTermination(Duration.ofSeconds(30)), "the first instance to die");
            assertTrue(first.failure().orElseThrow().getMessage().startsWith("simulated crash"));
            firstScrape = PrometheusScrape.of(ops.port());
        }
        int sentByFirst = env.slack().requests().size();

        // and a second instance of the same group takes over
        PrometheusScrape secondScrape;
        try (OpsServer ops = new OpsServer("127.0.0.1", 0);
                AlertingService second = service(group, new AlertMetrics(ops.registry()), OffsetCommitter.SYNC)) {
            second.start();
            await(() -> AlertingKafka.caughtUp(env.admin(), group), "the second instance to catch up");
            secondScrape = PrometheusScrape.of(ops.port());
        }
        // The consumer's own metrics are served beside darkwatch's (lag, fetches, commits)
        assertTrue(secondScrape.samples().stream().anyMatch(x -> x.name().startsWith("kafka_consumer_")
                && x.labels().getOrDefault("client_id", "").equals("darkwatch-alerting")),
                "no kafka_consumer_* series of the alerting consumer");

        // Then Slack saw exactly these requests, in this order: each retry once, nothing sent twice
        assertEquals(List.of(
                a + " OPEN", b + " OPEN", b + " OPEN", a + " ONGOING", a + " ONGOING", b + " ONGOING", b + " ONGOING",
                "C-" + run + " OPEN", "D-" + run + " OPEN",
                a + " RESOLVED", b + " RESOLVED", "E-" + run + " OPEN", "F-" + run + " OPEN", "G-" + run + " OPEN"),
                env.slack().requests().stream().map(r -> episodeAndStatus(r.body())).toList());
        assertEquals(9, sentByFirst, "the first instance sent up to D, the second from A RESOLVED");
        // and every retry repeated its message byte for byte
        List<RecordingSlackServer.Request> requests = env.slack().requests();
        for (int retry : new int[] {2, 4, 6}) {
            assertEquals(requests.get(retry - 1).body(), requests.get(retry).body(), "request " + retry);
        }
        // and no requests of one instance came closer than the 5-a-second rate limit allows
        assertSpacedByRateLimit(env.slack().requests().subList(0, sentByFirst));
        assertSpacedByRateLimit(env.slack().requests().subList(sentByFirst, env.slack().requests().size()));
        long retryAfterGap = env.slack().requests().get(2).receivedNanos() - env.slack().requests().get(1).receivedNanos();
        assertTrue(retryAfterGap >= Duration.ofMillis(950).toNanos(), "Retry-After honoured: " + retryAfterGap + " ns");

        // and each permanent rejection is a dead letter, once, with Slack's reason and status, never retried
        List<DeadLetter> letters = AlertingKafka.deadLetters(env.bootstrap(), group).stream()
                .sorted(Comparator.comparingLong(DeadLetter::sourceOffset)).toList();
        assertEquals(List.of(
                List.of("C-" + run, "invalid_payload", 400, 1, offsets.get(4)),
                List.of("D-" + run, "channel_not_found", 404, 1, offsets.get(5)),
                List.of("E-" + run, "channel_is_archived", 410, 1, offsets.get(8)),
                List.of("F-" + run, "action_prohibited", 403, 1, offsets.get(9))),
                letters.stream().map(l -> List.<Object>of(l.anomaly().id(), l.reason(), l.httpStatus(), l.attempts(),
                        l.sourceOffset())).toList());
        assertTrue(letters.stream().allMatch(DeadLetter::permanent));

        // and the metrics, as Prometheus reads them, say the same
        assertEquals(4.0, firstScrape.value("darkwatch_alerts_delivered_total", "sink", "slack"));
        assertEquals(3.0, firstScrape.value("darkwatch_alerts_retried_total", "sink", "slack"));
        assertEquals(1.0, firstScrape.value("darkwatch_alerts_failed_total", "sink", "slack", "reason", "invalid_payload"));
        assertEquals(1.0, firstScrape.value("darkwatch_alerts_dead_lettered_total", "sink", "slack", "reason",
                "channel_not_found"));
        assertEquals(4.0, firstScrape.value("darkwatch_alerts_delivery_latency_seconds_count", "sink", "slack"));
        assertTrue(firstScrape.value("darkwatch_alerts_delivery_latency_seconds_max", "sink", "slack") >= 0.95,
                "the 429's one-second wait is in the latency");
        assertEquals(3.0, secondScrape.value("darkwatch_alerts_deduplicated_total"),
                "B ONGOING, C and D were handled but not committed by the first instance");
        assertEquals(3.0, secondScrape.value("darkwatch_alerts_delivered_total", "sink", "slack"));
        assertEquals(0.0, secondScrape.value("darkwatch_alerts_retried_total", "sink", "slack"));
        assertEquals(1.0, secondScrape.value("darkwatch_alerts_dead_lettered_total", "sink", "slack", "reason",
                "channel_is_archived"));
        assertEquals(1.0, secondScrape.value("darkwatch_alerts_failed_total", "sink", "slack", "reason",
                "action_prohibited"));

        // and the webhook's secret is in no log line, scrape or dead letter
        for (String text : List.of(firstScrape.body(), secondScrape.body())) {
            assertFalse(text.contains(RecordingSlackServer.SECRET), "secret in a metrics scrape");
            assertFalse(text.contains("B0ALERTING"), "webhook path in a metrics scrape");
        }
        for (String line : logs.lines()) {
            assertFalse(line.contains(RecordingSlackServer.SECRET), "secret in log line: " + line);
            assertFalse(line.contains(RecordingSlackServer.PATH), "webhook path in log line: " + line);
        }
        for (byte[] raw : AlertingKafka.rawDeadLetters(env.bootstrap())) {
            assertFalse(new String(raw, StandardCharsets.UTF_8).contains(RecordingSlackServer.SECRET));
        }
        assertTrue(logs.linesContaining("rejected").size() >= 4, "the rejections were logged (redacted)");
    }

    /** {@code <episode id> <status>} of one Slack message, read from its context line and header. */
    private static String episodeAndStatus(String body) {
        try {
            JsonNode message = Json.mapper().readTree(body);
            Matcher id = EPISODE.matcher(message.toString());
            assertTrue(id.find(), body);
            String header = message.get("blocks").get(0).at("/text/text").asText();
            String status = header.split(" · ")[2];
            return id.group(1) + " " + status;
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /**
     * Requests i < j of one instance arrive at least (j − i) × 200 ms apart, less 150 ms: the server
     * notes a request when its handler runs, which a loaded machine may delay for the earlier one.
     * Without the rate limit, consecutive requests here would arrive within a few milliseconds.
     */
    private static void assertSpacedByRateLimit(List<RecordingSlackServer.Request> requests) {
        for (int i = 0; i < requests.size(); i++) {
            for (int j = i + 1; j < requests.size(); j++) {
                long gap = requests.get(j).receivedNanos() - requests.get(i).receivedNanos();
                long least = Duration.ofMillis(200L * (j - i) - 150).toNanos();
                assertTrue(gap >= least, "requests " + i + " and " + j + " only " + Duration.ofNanos(gap).toMillis()
                        + " ms apart");
            }
        }
    }

    private AlertingService service(String group, AlertMetrics metrics, OffsetCommitter committer) {
        AlertingSettings settings = AlertingSettings.fromEnvironment(env.bootstrap(), group, StartPosition.EARLIEST,
                SCRIPTED_SLACK, null, false, Map.of(AlertingSettings.ENV_WEBHOOK_URL, env.slack().webhookUrl())::get);
        return new AlertingService(AlertingService.consumerConfig(settings),
                AlertSinks.fromSettings(settings, metrics, System.out), metrics,
                new KafkaDeadLetters(AlertingService.producerConfig(settings, "dead-letter")),
                new KafkaEpisodeStateStore(group, AlertingService.producerConfig(settings, "state"),
                        AlertingService.stateReaderConfig(settings), Duration.ofSeconds(30)),
                committer, Clock.systemUTC());
    }
}
