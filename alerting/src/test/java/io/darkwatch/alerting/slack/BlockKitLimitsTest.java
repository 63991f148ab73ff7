package io.darkwatch.alerting.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.darkwatch.alerting.render.GrafanaDashboard;
import io.darkwatch.alerting.sink.GroupedAlerts;
import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.alerting.testing.BlockKitLimits;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every kind of message the builder makes stays inside Slack's Block Kit limits however large the
 * input: hundreds of victims and ports with long labels, ids and detector names of thousands of
 * characters, groups of hundreds of alerts, a notice longer than a message may be.
 */
class BlockKitLimitsTest {
    private static final Optional<GrafanaDashboard> GRAFANA =
            Optional.of(GrafanaDashboard.parse("https://grafana.example.org/"));

    /** A surge as large as a detector could make it: 600 victims, 400 ports, every text far too long. */
    private static Anomaly oversized(String id) {
        List<Map<String, Object>> victims = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            victims.add(Anomalies.victim("2001:db8:" + Integer.toHexString(i) + ":" + "a".repeat(400) + "&<>", 90_000 - i));
        }
        List<Map<String, Object>> ports = new ArrayList<>();
        for (int p = 1; p <= 400; p++) {
            ports.add(Anomalies.port(p, 50_000 - p));
        }
        Anomaly a = Anomalies.backscatter(id + "-" + "x".repeat(5000), EpisodeStatus.OPEN, 0, 5000, victims, ports);
        return new Anomaly(a.version(), a.id(), a.type(), a.country(), a.windowStart(), a.windowEnd(), a.status(),
                a.severity(), a.observed(), a.expected(), a.score(), "detector-" + "d".repeat(5000), a.episodeStart(),
                a.episodeEnd(), a.details());
    }

    @Test
    void shouldKeepOneAlertWithHundredsOfVictimsAndPortsWithinTheLimitsAndSayHowManyMore() {
        // When the largest possible single alert is built, with a dashboard link
        ObjectNode message = SlackMessageBuilder.build(oversized("BACKSCATTER_SURGE-UA-1"), GRAFANA);

        // Then Slack would accept it, and the cut lists say how many were left out
        assertEquals(List.of(), BlockKitLimits.problems(message));
        String all = message.toString();
        assertTrue(all.matches("(?s).*\\*Top victims\\*.*_and \\d+ more_.*"), "victims cut with 'and N more'");
        assertTrue(all.matches("(?s).*\\*Top ports\\*.*_and 380 more_.*"), "ports cut with 'and N more'");
        int shownVictims = sectionStartingWith(message, "*Top victims*").split("\n• ").length - 1;
        assertTrue(sectionStartingWith(message, "*Top victims*").endsWith("_and " + (600 - shownVictims) + " more_"),
                "the count of left-out victims matches the ones shown (" + shownVictims + ")");
    }

    @Test
    void shouldKeepAGroupOfFiveHundredOversizedAlertsWithinTheLimits() {
        List<Anomaly> alerts = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            alerts.add(i % 2 == 0 ? oversized("S-" + i) : Anomalies.outage("O-" + i, EpisodeStatus.RESOLVED));
        }

        ObjectNode message = SlackMessageBuilder.buildGroup(new GroupedAlerts("route-" + "r".repeat(3000), alerts,
                alerts, false), GRAFANA);
        ObjectNode reminder = SlackMessageBuilder.buildGroup(new GroupedAlerts("default", List.of(), alerts, true),
                GRAFANA);

        assertEquals(List.of(), BlockKitLimits.problems(message));
        assertEquals(List.of(), BlockKitLimits.problems(reminder));
        assertTrue(message.toString().contains("_and 480 more_"), "20 in full, the rest summed up");
    }

    @Test
    void shouldCutANoticeLongerThanAMessageMayBe() {
        ObjectNode notice = SlackMessageBuilder.notice("9999 more alerts suppressed: " + "Outage · Kazakhstan (KZ), ".repeat(3000));

        assertEquals(List.of(), BlockKitLimits.problems(notice));
    }

    @Test
    void shouldFindEveryLimitAPayloadBreaks() throws Exception {
        // The checker itself: a payload breaking each limit once must be reported for each
        StringBuilder blocks = new StringBuilder();
        blocks.append("{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"").append("h".repeat(151)).append("\"}}");
        blocks.append(",{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"").append("s".repeat(3001)).append("\"}}");
        blocks.append(",{\"type\":\"section\",\"fields\":[");
        for (int f = 0; f < 11; f++) {
            blocks.append(f == 0 ? "" : ",").append("{\"type\":\"mrkdwn\",\"text\":\"").append(f == 0 ? "f".repeat(2001) : "f")
                    .append("\"}");
        }
        blocks.append("]}");
        for (int i = 0; i < 48; i++) {
            blocks.append(",{\"type\":\"context\",\"elements\":[{\"type\":\"mrkdwn\",\"text\":\"c\"}]}");
        }
        JsonNode payload = Json.mapper().readTree("{\"text\":\"" + "t".repeat(40_001) + "\",\"blocks\":[" + blocks + "]}");

        List<String> problems = BlockKitLimits.problems(payload);

        assertEquals(6, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("text of 40001"), problems.toString());
        assertTrue(problems.get(1).startsWith("51 blocks"), problems.toString());
    }

    private static String sectionStartingWith(ObjectNode message, String prefix) {
        for (JsonNode block : message.get("blocks")) {
            String text = block.at("/text/text").asText();
            if ("section".equals(block.path("type").asText()) && text.startsWith(prefix)) {
                return text;
            }
        }
        throw new AssertionError("no section starting with " + prefix);
    }
}
