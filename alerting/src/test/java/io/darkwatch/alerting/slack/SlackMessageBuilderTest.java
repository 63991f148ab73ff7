package io.darkwatch.alerting.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.darkwatch.alerting.render.GrafanaDashboard;
import io.darkwatch.alerting.render.RankedEntry;
import io.darkwatch.alerting.render.TopLists;
import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.common.anomaly.EpisodeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SlackMessageBuilderTest {

    @Test
    void shouldStopAListAtTheSectionLimitAndSayHowManyAreLeftOut() {
        // Given 500 long IPv6 victims and no item cap
        List<RankedEntry> victims = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            victims.add(new RankedEntry("2001:db8:1234:5678:9abc:def0:" + Integer.toHexString(0x1000 + i) + ":1",
                    OptionalLong.of(1_000_000 - i)));
        }

        // When the list is written
        String text = SlackMessageBuilder.listText("Top victims", victims, Integer.MAX_VALUE);

        // Then it fills the 3000 characters and ends with the count of the rest
        assertTrue(text.length() <= SlackMessageBuilder.MAX_SECTION_TEXT, "length " + text.length());
        long shown = text.lines().filter(l -> l.startsWith("• ")).count();
        assertTrue(shown > 40, "only " + shown + " shown");
        assertTrue(text.endsWith("\n_and " + (500 - shown) + " more_"), text.substring(text.length() - 40));
    }

    @Test
    void shouldEscapeSlackControlCharactersComingFromDetails() {
        ObjectNode message = SlackMessageBuilder.build(Anomalies.withDetails(Anomalies.openSurge("e<1>"),
                Map.of("topVictims", List.of(Map.of("address", "<!channel> & co", "packets", 1)))));

        String victims = message.at("/blocks/3/text/text").asText();
        assertEquals("*Top victims*\n• `&lt;!channel&gt; &amp; co` — 1 packet", victims);
        assertTrue(message.at("/blocks/4/elements/0/text").asText().contains("episode `e&lt;1&gt;`"));
    }

    @Test
    void shouldNameEachVictimsNetworkWhenTheDetectorLookedItUp() {
        // Given victims with an AS number and organisation, one with the number only, one with neither
        ObjectNode message = SlackMessageBuilder.build(Anomalies.withDetails(Anomalies.openSurge("e1"),
                Map.of("topVictims", List.of(
                        Map.of("address", "192.0.2.7", "packets", 80, TopLists.ASN, 64500,
                                TopLists.AS_ORGANIZATION, "Example <Hosting> & Co"),
                        Map.of("address", "192.0.2.9", "packets", 30, TopLists.ASN, 64501),
                        Map.of("address", "198.51.100.1", "packets", 5)))));

        // Then each line says what is known, escaped for mrkdwn
        assertEquals("*Top victims*\n• `192.0.2.7` — 80 packets — AS64500 Example &lt;Hosting&gt; &amp; Co"
                + "\n• `192.0.2.9` — 30 packets — AS64501\n• `198.51.100.1` — 5 packets",
                message.at("/blocks/3/text/text").asText());
    }

    @Test
    void shouldLinkToTheCountrysDashboardAroundTheWindowWhenGrafanaIsConfigured() {
        // Given Grafana at https://grafana.example.org
        var grafana = Optional.of(GrafanaDashboard.parse("https://grafana.example.org"));

        // When the KZ outage (window 2022-01-05 10:30–10:35 UTC) is built with and without it
        ObjectNode linked = SlackMessageBuilder.build(Anomalies.outage("o", EpisodeStatus.OPEN), grafana);
        ObjectNode plain = SlackMessageBuilder.build(Anomalies.outage("o", EpisodeStatus.OPEN));

        // Then one rich_text link (the URL unescaped, it is no mrkdwn) comes before the context line
        assertEquals("https://grafana.example.org/d/darkwatch-overview?from=1641357000000&to=1641382500000"
                + "&var-country=KZ", linked.at("/blocks/3/elements/0/elements/0/url").asText());
        assertEquals("Grafana: Kazakhstan (KZ) around 2022-01-05 10:30–10:35 UTC",
                linked.at("/blocks/3/elements/0/elements/0/text").asText());
        assertEquals("context", linked.at("/blocks/4/type").asText());
        // and without Grafana there is no link at all
        assertEquals(linked.get("blocks").size() - 1, plain.get("blocks").size());
        assertTrue(plain.toString().indexOf("grafana") < 0, plain.toString());
    }

    @Test
    void shouldMarkOpenWarningsAndOngoingUpdatesDifferently() {
        ObjectNode ongoing = SlackMessageBuilder.build(Anomalies.outage("o", EpisodeStatus.ONGOING));
        assertEquals(":hourglass_flowing_sand: Outage · Kazakhstan (KZ) · ONGOING · CRITICAL",
                ongoing.at("/blocks/0/text/text").asText());
        assertEquals("*Episode* started 2022-01-05 10:30 UTC, ongoing for 5m", ongoing.at("/blocks/2/text/text").asText());
    }
}
