package io.darkwatch.alerting.flood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.alerting.metrics.AlertMetrics;
import io.darkwatch.alerting.sink.MeteredSink;
import io.darkwatch.alerting.slack.SlackDeliverySettings;
import io.darkwatch.alerting.slack.SlackWebhookSink;
import io.darkwatch.alerting.slack.SlackWebhookUrl;
import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.alerting.testing.FakeTime;
import io.darkwatch.alerting.testing.RecordingSlackServer;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.json.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Flood protection in front of the real Slack sink, posting to a real local HTTP server. */
class FloodProtectedSinkTest {
    private RecordingSlackServer slack;
    private FakeTime time;
    private SimpleMeterRegistry registry;
    private FloodProtectedSink sink;

    @BeforeEach
    void setUp() throws Exception {
        slack = new RecordingSlackServer();
        time = new FakeTime(Instant.parse("2024-01-01T00:00:00Z"));
        registry = new SimpleMeterRegistry();
        AlertMetrics metrics = new AlertMetrics(registry);
        SlackWebhookSink slackSink = new SlackWebhookSink(SlackWebhookUrl.parse(slack.webhookUrl()),
                SlackDeliverySettings.defaults().withRequestTimeout(Duration.ofSeconds(5)), metrics, time, time,
                new SplittableRandom(1), Optional.empty(), "slack-ua");
        sink = new FloodProtectedSink(new MeteredSink(slackSink, metrics), "ua", 3, time, metrics);
    }

    @AfterEach
    void tearDown() {
        try {
            slack.assertEveryPayloadWithinBlockKitLimits();
        } finally {
            slack.close();
        }
    }

    @Test
    void shouldSendAtMostTheLimitPerHourThenOneSummaryWhenTheHourHasRoom() throws Exception {
        // Given a route allowed three messages an hour, and six alerts in a minute
        for (int i = 0; i < 5; i++) {
            sink.deliver(Anomalies.openSurge("S-" + i));
        }
        sink.deliver(Anomalies.outage("O-1", EpisodeStatus.OPEN));
        sink.idle();

        // Then three went out, three were suppressed and counted, and no summary yet (the hour is full)
        assertEquals(3, slack.requests().size());
        assertEquals(3.0, suppressed("ua"));
        assertEquals(3.0, registry.find("darkwatch.alerts.delivered").tag("sink", "slack-ua").counter().count());

        // When the hour of the first message has passed
        time.sleep(Duration.ofHours(1));
        sink.idle();

        // Then one summary stands for the three suppressed alerts, most frequent first
        assertEquals(4, slack.requests().size());
        String text = Json.mapper().readTree(slack.requests().get(3).body()).get("text").asText();
        assertEquals("3 more alerts suppressed in the last hour: 2 × Backscatter surge Ukraine (UA), "
                + "1 × Outage Kazakhstan (KZ)", text);
        // and it is sent once only
        sink.idle();
        assertEquals(4, slack.requests().size());
    }

    @Test
    void shouldLetAlertsThroughAgainOnceTheWindowSlides() throws Exception {
        sink.deliver(Anomalies.openSurge("S-1"));
        time.sleep(Duration.ofMinutes(40));
        sink.deliver(Anomalies.openSurge("S-2"));
        sink.deliver(Anomalies.openSurge("S-3"));
        sink.deliver(Anomalies.openSurge("S-4")); // suppressed: three in the last hour
        time.sleep(Duration.ofMinutes(21)); // the first has left the window: room for one

        sink.idle(); // the room goes to the summary of S-4
        sink.deliver(Anomalies.openSurge("S-5")); // full again: suppressed

        assertEquals(4, slack.requests().size());
        assertEquals(2.0, suppressed("ua"));
        assertTrue(Json.mapper().readTree(slack.requests().get(3).body()).get("text").asText()
                .startsWith("1 more alert suppressed in the last hour: 1 × Backscatter surge Ukraine (UA)"));
    }

    private double suppressed(String route) {
        Counter c = registry.find("darkwatch.alerts.suppressed").tag("route", route).counter();
        return c == null ? 0 : c.count();
    }
}
