package io.darkwatch.alerting.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkwatch.alerting.metrics.AlertMetrics;
import io.darkwatch.alerting.sink.AlertDeliveryException;
import io.darkwatch.alerting.sink.AlertSink;
import io.darkwatch.alerting.sink.MeteredSink;
import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.alerting.testing.FakeTime;
import io.darkwatch.alerting.testing.LogCapture;
import io.darkwatch.alerting.testing.RecordingSlackServer;
import io.darkwatch.alerting.testing.RecordingSlackServer.Reply;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.json.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlackWebhookSinkTest {
    private static final String EPISODE = "BACKSCATTER_SURGE-UA-1645660800";

    private RecordingSlackServer slack;
    private LogCapture logs;
    private FakeTime time;
    private SimpleMeterRegistry registry;
    private AlertMetrics metrics;
    /** Every exception message (with causes) a test saw, checked for the secret after each test. */
    private final List<String> exceptionTexts = new ArrayList<>();

    @BeforeEach
    void startFakeSlack() throws Exception {
        slack = new RecordingSlackServer();
        logs = new LogCapture();
        time = new FakeTime(Instant.parse("2024-01-01T00:00:00Z"));
        registry = new SimpleMeterRegistry();
        metrics = new AlertMetrics(registry);
    }

    @AfterEach
    void shouldNeverRevealTheWebhookUrl() {
        try {
            for (String line : logs.lines()) {
                assertFalse(line.contains(RecordingSlackServer.SECRET), "secret in log line: " + line);
                assertFalse(line.contains(RecordingSlackServer.PATH), "webhook path in log line: " + line);
            }
            for (String text : exceptionTexts) {
                assertFalse(text.contains(RecordingSlackServer.SECRET), "secret in exception: " + text);
            }
            registry.getMeters().forEach(m -> m.getId().getTags().forEach(t ->
                    assertFalse(t.getValue().contains(RecordingSlackServer.SECRET), "secret in metric tag " + t)));
            slack.assertEveryPayloadWithinBlockKitLimits();
        } finally {
            logs.close();
            slack.close();
        }
    }

    @Test
    void shouldPostTheBlockKitMessageAndCountItDeliveredWhenSlackAnswersOk() throws Exception {
        // Given Slack answers "ok"
        slack.script(Reply.ok());

        // When an OPEN backscatter surge is delivered
        sink(settings()).deliver(Anomalies.openSurge(EPISODE));

        // Then exactly this message was posted once, as JSON, to the webhook's path
        assertEquals(1, slack.requests().size());
        RecordingSlackServer.Request request = slack.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals(RecordingSlackServer.PATH, request.path());
        assertTrue(request.contentType().startsWith("application/json"), request.contentType());
        JsonNode expected = Json.mapper().readTree("""
                {
                  "text": "[CRITICAL] Backscatter surge Ukraine (UA) OPEN: observed 120 vs expected 10 (12×), window 2022-02-24 00:00–00:05 UTC",
                  "blocks": [
                    {"type": "header", "text": {"type": "plain_text",
                      "text": ":rotating_light: Backscatter surge · Ukraine (UA) · OPEN · CRITICAL", "emoji": true}},
                    {"type": "section", "fields": [
                      {"type": "mrkdwn", "text": "*Type*\\nBackscatter surge"},
                      {"type": "mrkdwn", "text": "*Country*\\nUkraine (UA)"},
                      {"type": "mrkdwn", "text": "*Status*\\nOPEN"},
                      {"type": "mrkdwn", "text": "*Severity*\\nCRITICAL"},
                      {"type": "mrkdwn", "text": "*Observed vs expected*\\n120 vs 10 (12×)"},
                      {"type": "mrkdwn", "text": "*Window*\\n2022-02-24 00:00–00:05 UTC"}]},
                    {"type": "section", "text": {"type": "mrkdwn", "text": "*Episode* started 2022-02-24 00:00 UTC"}},
                    {"type": "section", "text": {"type": "mrkdwn",
                      "text": "*Top victims*\\n• `192.0.2.7` — 80 packets\\n• `198.51.100.23` — 30 packets"}},
                    {"type": "section", "text": {"type": "mrkdwn",
                      "text": "*Top ports*\\n• `443` — 70 packets\\n• `80` — 40 packets"}},
                    {"type": "context", "elements": [{"type": "mrkdwn",
                      "text": "episode `BACKSCATTER_SURGE-UA-1645660800` · detector `backscatter-surge` · score 12"}]}
                  ]
                }
                """);
        assertEquals(expected, Json.mapper().readTree(request.body()));
        assertEquals(1.0, count(AlertMetrics.DELIVERED, "sink", "slack"));
        assertEquals(List.of(), time.sleeps(), "one message is within the burst: no wait");
    }

    @Test
    void shouldSayWhenAndHowLongAResolvedEpisodeLasted() throws Exception {
        // Given an episode that resolved one hour after it started
        Anomaly resolved = Anomalies.backscatter(EPISODE, EpisodeStatus.RESOLVED, 12, 11, List.of(), List.of());

        // When it is delivered
        sink(settings()).deliver(resolved);

        // Then the message has its start and duration, and no severity it does not have
        JsonNode message = Json.mapper().readTree(slack.requests().get(0).body());
        assertEquals(":white_check_mark: Backscatter surge · Ukraine (UA) · RESOLVED", message.at("/blocks/0/text/text").asText());
        assertEquals("*Episode* started 2022-02-24 00:00 UTC, resolved after 1h (ended 2022-02-24 01:00 UTC)",
                message.at("/blocks/2/text/text").asText());
        assertEquals("[-] Backscatter surge Ukraine (UA) RESOLVED: observed 11 vs expected 10 (1.1×), window 2022-02-24 "
                + "01:00–01:05 UTC, resolved after 1h (2022-02-24 00:00–01:00 UTC)", message.get("text").asText());
    }

    @Test
    void shouldKeepEveryTextWithinSlackLimitsAndCutLongVictimListsWithAndNMore() throws Exception {
        // Given a surge with 500 victims and 300 ports
        List<java.util.Map<String, Object>> ports = new ArrayList<>();
        for (int p = 1; p <= 300; p++) {
            ports.add(Anomalies.port(p, 1000 - p));
        }
        Anomaly big = Anomalies.backscatter(EPISODE, EpisodeStatus.OPEN, 0, 5000, Anomalies.manyVictims(500), ports);

        // When it is delivered
        sink(settings()).deliver(big);

        // Then the payload keeps to Slack's limits and says how many were left out
        JsonNode message = Json.mapper().readTree(slack.requests().get(0).body());
        assertTrue(message.get("text").asText().length() > 0, "plain text fallback present");
        JsonNode blocks = message.get("blocks");
        assertTrue(blocks.size() <= 50, "blocks: " + blocks.size());
        for (JsonNode block : blocks) {
            if (block.get("type").asText().equals("section") && block.has("text")) {
                assertTrue(block.at("/text/text").asText().length() <= 3000, block.toString());
            }
            if (block.has("fields")) {
                assertTrue(block.get("fields").size() <= 10);
                block.get("fields").forEach(f -> assertTrue(f.get("text").asText().length() <= 2000));
            }
        }
        String victims = blocks.get(3).at("/text/text").asText();
        assertTrue(victims.startsWith("*Top victims*\n• `10.0.0.0` — 10,000 packets\n"), victims);
        assertEquals(SlackMessageBuilder.MAX_LIST_ITEMS, victims.lines().filter(l -> l.startsWith("• ")).count());
        assertTrue(victims.endsWith("\n_and 480 more_"), victims);
        assertTrue(blocks.get(4).at("/text/text").asText().endsWith("\n_and 280 more_"));
    }

    @Test
    void shouldWaitTheRetryAfterSecondsOn429ThenDeliver() throws Exception {
        // Given Slack rate-limits the first request for 7 seconds
        slack.script(Reply.rateLimited(7), Reply.ok());

        // When an event is delivered
        sink(settings()).deliver(Anomalies.openSurge(EPISODE));

        // Then it waited exactly as told and the second request got through
        assertEquals(2, slack.requests().size());
        assertEquals(List.of(Duration.ofSeconds(7)), time.sleeps());
        assertEquals(slack.requests().get(0).body(), slack.requests().get(1).body(), "the same message again");
        assertEquals(1.0, count(AlertMetrics.RETRIED, "sink", "slack"));
        assertEquals(1.0, count(AlertMetrics.DELIVERED, "sink", "slack"));
        // and the delivery latency is the wait Slack asked for (the fake clock moves only when the sink waits)
        Timer latency = registry.get(AlertMetrics.DELIVERY_LATENCY).tag("sink", "slack").timer();
        assertEquals(1, latency.count());
        assertEquals(7.0, latency.totalTime(TimeUnit.SECONDS));
    }

    @Test
    void shouldGiveUpWithoutWaitingWhenRetryAfterIsLongerThanAllowed() {
        // Given Slack asks for a pause longer than the 60 s the sink is allowed to hold alerts back
        slack.script(Reply.rateLimited(600));

        // When an event is delivered
        AlertDeliveryException e = assertThrows(AlertDeliveryException.class,
                () -> sink(settings()).deliver(Anomalies.openSurge(EPISODE)));

        // Then it is given up as rate limited (not permanent), without a 10-minute stall
        record(e);
        assertEquals("rate_limited", e.reason());
        assertFalse(e.permanent());
        assertEquals(1, slack.requests().size());
        assertEquals(List.of(), time.sleeps());
    }

    @Test
    void shouldRetryA500AfterAJitteredBackoffThenDeliver() throws Exception {
        // Given Slack fails once with a server error
        slack.script(Reply.error(500, "internal_error"), Reply.ok());

        // When an event is delivered
        sink(settings()).deliver(Anomalies.openSurge(EPISODE));

        // Then it was retried once after between half and all of the 1 s initial backoff
        assertEquals(2, slack.requests().size());
        assertEquals(1, time.sleeps().size());
        Duration wait = time.sleeps().get(0);
        assertTrue(wait.compareTo(Duration.ofMillis(500)) >= 0 && wait.compareTo(Duration.ofSeconds(1)) <= 0,
                "wait " + wait);
        assertEquals(1.0, count(AlertMetrics.DELIVERED, "sink", "slack"));
    }

    @Test
    void shouldGiveUpAfterTheAttemptBudgetWithGrowingBackoff() {
        // Given Slack is down
        slack.script(Reply.error(503, "down"), Reply.error(503, "down"), Reply.error(503, "down"));

        // When an event is delivered with at most 3 attempts
        AlertDeliveryException e = assertThrows(AlertDeliveryException.class,
                () -> sink(settings().withMaxAttempts(3)).deliver(Anomalies.openSurge(EPISODE)));

        // Then it tried 3 times, waited twice with a growing backoff, and failed as retriable
        record(e);
        assertEquals(3, slack.requests().size());
        assertEquals("http_503", e.reason());
        assertFalse(e.permanent());
        assertEquals(3, e.attempts(), "what the dead letter reports");
        assertEquals(503, e.httpStatus().orElseThrow());
        List<Duration> sleeps = time.sleeps();
        assertEquals(2, sleeps.size());
        assertTrue(sleeps.get(0).compareTo(Duration.ofSeconds(1)) <= 0, sleeps.toString());
        assertTrue(sleeps.get(1).compareTo(Duration.ofSeconds(1)) >= 0
                && sleeps.get(1).compareTo(Duration.ofSeconds(2)) <= 0, sleeps.toString());
        assertEquals(2.0, count(AlertMetrics.RETRIED, "sink", "slack"));
        assertEquals(1.0, count(AlertMetrics.FAILED, "sink", "slack", "reason", "http_503"));
    }

    @ParameterizedTest(name = "HTTP {0} {1}")
    @CsvSource({"404, channel_not_found", "400, invalid_payload", "403, invalid_token", "410, channel_is_archived"})
    void shouldFailPermanentlyWithoutRetryWhenSlackRejectsTheMessage(int status, String slackError) {
        // Given Slack rejects the message
        slack.script(Reply.error(status, slackError));

        // When an event is delivered
        AlertDeliveryException e = assertThrows(AlertDeliveryException.class,
                () -> sink(settings()).deliver(Anomalies.openSurge(EPISODE)));

        // Then one request only, a permanent failure counted with Slack's error, and Slack's text in the log
        record(e);
        assertEquals(1, slack.requests().size());
        assertTrue(e.permanent());
        assertEquals(slackError, e.reason());
        assertEquals(status, e.httpStatus().orElseThrow());
        assertEquals(1, e.attempts());
        assertEquals(List.of(), time.sleeps());
        assertEquals(1.0, count(AlertMetrics.FAILED, "sink", "slack", "reason", slackError));
        assertEquals(0.0, count(AlertMetrics.RETRIED, "sink", "slack"));
        assertEquals(1, logs.linesContaining("HTTP " + status + " '" + slackError + "'").size(), logs.lines().toString());
    }

    @Test
    void shouldTagAnUnreadableErrorPageByItsStatusOnly() {
        // Given a proxy in front of Slack answers with an HTML page
        slack.script(Reply.error(403, "<html><body>Forbidden by proxy</body></html>"));

        // When an event is delivered
        AlertDeliveryException e = assertThrows(AlertDeliveryException.class,
                () -> sink(settings()).deliver(Anomalies.openSurge(EPISODE)));

        // Then the metric tag stays a fixed token
        record(e);
        assertEquals("http_403", e.reason());
        assertEquals(1.0, count(AlertMetrics.FAILED, "sink", "slack", "reason", "http_403"));
    }

    @Test
    void shouldRetryAfterAResponseSlowerThanTheTimeoutThenDeliver() throws Exception {
        // Given Slack's first answer comes after the client has stopped waiting
        slack.script(Reply.okAfter(Duration.ofSeconds(4)), Reply.ok());

        // When an event is delivered with a 1 s request timeout (far above a local answer, even on a loaded machine)
        long started = System.nanoTime();
        sink(settings().withRequestTimeout(Duration.ofSeconds(1))).deliver(Anomalies.openSurge(EPISODE));

        // Then it timed out, backed off and delivered on the second request without waiting for the first
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(4)) < 0);
        assertEquals(2, slack.requests().size());
        assertEquals(1, time.sleeps().size());
        assertEquals(1, logs.linesContaining("no answer within 1000 ms").size(), logs.lines().toString());
        assertEquals(1.0, count(AlertMetrics.DELIVERED, "sink", "slack"));
    }

    @Test
    void shouldTreatAnUnreachableEndpointAsTransientAndNotQuoteTheUrl() throws Exception {
        // Given nothing listens at the webhook's address any more
        String url = slack.webhookUrl();
        slack.close();
        SlackWebhookSink unreachable = new SlackWebhookSink(SlackWebhookUrl.parse(url), settings().withMaxAttempts(2),
                metrics, time, time, new SplittableRandom(7));

        // When an event is delivered
        AlertDeliveryException e = assertThrows(AlertDeliveryException.class,
                () -> unreachable.deliver(Anomalies.openSurge(EPISODE)));

        // Then it is a retriable I/O failure whose message shows only the redacted URL
        record(e);
        assertEquals("io_error", e.reason());
        assertFalse(e.permanent());
        assertTrue(e.getMessage().contains("/services/***"), e.getMessage());
    }

    @Test
    void shouldSpreadABurstOfAlertsToOneMessagePerSecond() throws Exception {
        // Given a sink allowing 1 message/s with a burst of 3
        AlertSink sink = sink(settings());

        // When 5 events are delivered at once
        for (int i = 0; i < 5; i++) {
            sink.deliver(Anomalies.openSurge(EPISODE + "-" + i));
        }

        // Then the first 3 went at once and the next two waited a second each
        assertEquals(5, slack.requests().size());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), time.sleeps());
        // and those waits show in the delivery latency: 0, 0, 0, 1 and 1 s
        Timer latency = registry.get(AlertMetrics.DELIVERY_LATENCY).tag("sink", "slack").timer();
        assertEquals(5, latency.count());
        assertEquals(2.0, latency.totalTime(TimeUnit.SECONDS));
        assertEquals(1.0, latency.max(TimeUnit.SECONDS));
    }

    @Test
    void shouldShowOnlyTheRedactedUrl() {
        SlackWebhookSink sink = new SlackWebhookSink(SlackWebhookUrl.parse(slack.webhookUrl()), settings(), metrics,
                time, time, new SplittableRandom(7));
        assertFalse(sink.destination().contains(RecordingSlackServer.SECRET));
        assertTrue(sink.destination().endsWith("/services/***"), sink.destination());
    }

    private SlackDeliverySettings settings() {
        return SlackDeliverySettings.defaults().withRequestTimeout(Duration.ofSeconds(5));
    }

    private AlertSink sink(SlackDeliverySettings settings) {
        return new MeteredSink(new SlackWebhookSink(SlackWebhookUrl.parse(slack.webhookUrl()), settings, metrics,
                time, time, new SplittableRandom(42)), metrics, time);
    }

    private void record(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            exceptionTexts.add(t.getClass().getName() + ": " + t.getMessage());
        }
    }

    private double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0.0 : c.count();
    }
}
