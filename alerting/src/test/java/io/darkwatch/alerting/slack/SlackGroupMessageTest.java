package io.darkwatch.alerting.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.darkwatch.alerting.render.GrafanaDashboard;
import io.darkwatch.alerting.sink.GroupedAlerts;
import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlackGroupMessageTest {

    private static List<Anomaly> surges(int n) {
        List<Anomaly> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Anomalies.openSurge("BACKSCATTER_SURGE-UA-" + i));
        }
        return out;
    }

    private static List<String> sectionTexts(ObjectNode message) {
        List<String> out = new ArrayList<>();
        for (JsonNode block : message.get("blocks")) {
            if ("section".equals(block.get("type").asText()) && block.has("text")) {
                out.add(block.get("text").get("text").asText());
            }
        }
        return out;
    }

    @Test
    void shouldShowEveryAlertOfASmallGroupUnderAHeaderWithTheCount() {
        List<Anomaly> alerts = List.of(Anomalies.openSurge("S-1"), Anomalies.outage("O-1", EpisodeStatus.OPEN));

        ObjectNode message = SlackMessageBuilder.buildGroup(new GroupedAlerts("default", alerts, alerts, false),
                Optional.empty());

        assertEquals(":rotating_light: 2 darkwatch alerts", message.get("blocks").get(0).get("text").get("text").asText());
        List<String> sections = sectionTexts(message);
        assertEquals(2, sections.size());
        assertTrue(sections.get(0).startsWith("*:rotating_light: Backscatter surge · Ukraine (UA) · OPEN · CRITICAL*"),
                sections.get(0));
        assertTrue(sections.get(1).contains("Kazakhstan (KZ)"), sections.get(1));
        assertTrue(message.get("text").asText().startsWith("2 darkwatch alerts: [CRITICAL] Backscatter surge"),
                message.get("text").asText());
    }

    @Test
    void shouldStayWithinBlockKitLimitsForAHundredAlertsAndSayHowManyMore() {
        List<Anomaly> alerts = surges(100);
        GrafanaDashboard grafana = GrafanaDashboard.parse("https://grafana.example.org/");

        ObjectNode message = SlackMessageBuilder.buildGroup(new GroupedAlerts("default", alerts, alerts, false),
                Optional.of(grafana));

        JsonNode blocks = message.get("blocks");
        assertTrue(blocks.size() <= SlackMessageBuilder.MAX_BLOCKS, "blocks: " + blocks.size());
        List<String> sections = sectionTexts(message);
        sections.forEach(t -> assertTrue(t.length() <= SlackMessageBuilder.MAX_SECTION_TEXT, "section of " + t.length()));
        assertTrue(message.get("text").asText().length() <= SlackMessageBuilder.MAX_FALLBACK_TEXT);
        // 20 in full (each with its dashboard link), the other 80 under "and 80 more"
        String more = sections.get(sections.size() - 1);
        assertTrue(more.startsWith("_and 80 more_\n• Backscatter surge · Ukraine (UA) · OPEN · CRITICAL"), more);
        assertEquals(SlackMessageBuilder.MAX_GROUP_ALERTS + 1, sections.size());
    }

    @Test
    void shouldCutTheMoreListAtTheSectionLimitAndCountWhatIsNotListed() {
        String more = SlackMessageBuilder.moreText(surges(500));

        assertTrue(more.length() <= SlackMessageBuilder.MAX_SECTION_TEXT, "length " + more.length());
        assertTrue(more.startsWith("_and 500 more_"), more);
        assertTrue(more.matches("(?s).*\\n_… \\d+ not listed_$"), more.substring(more.length() - 40));
    }

    @Test
    void shouldTitleAReminderAsSuch() {
        List<Anomaly> open = List.of(Anomalies.openSurge("S-1"));

        ObjectNode message = SlackMessageBuilder.buildGroup(new GroupedAlerts("default", List.of(), open, true),
                Optional.empty());

        assertEquals(":alarm_clock: Reminder: 1 episode still open",
                message.get("blocks").get(0).get("text").get("text").asText());
        assertTrue(message.toString().contains("repeated while open"));
    }
}
