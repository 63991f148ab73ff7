package io.darkwatch.alerting.render;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyDetails;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.common.anomaly.EpisodeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AnomalyFormatTest {

    @Test
    void shouldWriteRatiosWithPrecisionThatFitsTheirSize() {
        assertEquals("12×", AnomalyFormat.ratio(120, 10));
        assertEquals("3.4×", AnomalyFormat.ratio(34, 10));
        assertEquals("0.02×", AnomalyFormat.ratio(5, 250));
        assertEquals("no baseline", AnomalyFormat.ratio(5, 0));
    }

    @Test
    void shouldGroupThousandsAndDropNeedlessDecimals() {
        assertEquals("1,234,567", AnomalyFormat.number(1_234_567));
        assertEquals("12.5", AnomalyFormat.number(12.5));
        assertEquals("0.33", AnomalyFormat.number(1 / 3.0));
        assertEquals("120", AnomalyFormat.number(120.0));
    }

    @Test
    void shouldShowWindowsInUtcWithBothDatesOnlyAcrossMidnight() {
        assertEquals("2022-02-24 23:55 – 2022-02-25 00:00 UTC",
                AnomalyFormat.span(Instant.parse("2022-02-24T23:55:00Z"), Instant.parse("2022-02-25T00:00:00Z")));
        assertEquals("2022-02-24 10:00:30–10:01:30 UTC",
                AnomalyFormat.span(Instant.parse("2022-02-24T10:00:30Z"), Instant.parse("2022-02-24T10:01:30Z")));
    }

    @Test
    void shouldSayDurationsInTheirTwoLargestUnits() {
        assertEquals("40s", AnomalyFormat.duration(Duration.ofSeconds(40)));
        assertEquals("5m", AnomalyFormat.duration(Duration.ofMinutes(5)));
        assertEquals("1h 25m", AnomalyFormat.duration(Duration.ofMinutes(85)));
        assertEquals("5d 3h", AnomalyFormat.duration(Duration.ofDays(5).plusHours(3).plusMinutes(59)));
    }

    @Test
    void shouldReadVictimsAndTheirPortsByTheKeysTheDetectorWrites() {
        Anomaly event = Anomalies.withDetails(Anomalies.openSurge("e"), Map.of(
                AnomalyDetails.TOP_VICTIMS, List.of(Map.of(AnomalyDetails.ADDRESS, "192.0.2.7", AnomalyDetails.PACKETS, 80)),
                AnomalyDetails.VICTIM_PORTS, List.of(Map.of(AnomalyDetails.PORT, 443, AnomalyDetails.PACKETS, 50),
                        Map.of(AnomalyDetails.PORT, 80, AnomalyDetails.PACKETS, 30))));

        assertEquals(List.of(new RankedEntry("192.0.2.7", OptionalLong.of(80))), TopLists.victims(event));
        assertEquals(List.of(new RankedEntry("443", OptionalLong.of(50)), new RankedEntry("80", OptionalLong.of(30))),
                TopLists.ports(event));
    }

    @Test
    void shouldReadAVictimsNetworkAndShowItInlineWithTheCount() {
        Anomaly event = Anomalies.withDetails(Anomalies.openSurge("e"), Map.of(AnomalyDetails.TOP_VICTIMS, List.of(
                Map.of(AnomalyDetails.ADDRESS, "192.0.2.7", AnomalyDetails.PACKETS, 80, TopLists.ASN, 64500,
                        TopLists.AS_ORGANIZATION, "Example Org"),
                Map.of(AnomalyDetails.ADDRESS, "192.0.2.8", TopLists.AS_ORGANIZATION, "Other Org"),
                Map.of(AnomalyDetails.ADDRESS, "192.0.2.9", AnomalyDetails.PACKETS, 3, TopLists.ASN, 0))));

        List<RankedEntry> victims = TopLists.victims(event);

        assertEquals(List.of(new RankedEntry("192.0.2.7", OptionalLong.of(80), Optional.of("AS64500 Example Org")),
                new RankedEntry("192.0.2.8", OptionalLong.empty(), Optional.of("Other Org")),
                new RankedEntry("192.0.2.9", OptionalLong.of(3))), victims, "ASN 0 means unknown");
        assertEquals("192.0.2.7 (80, AS64500 Example Org), 192.0.2.8 (Other Org), 192.0.2.9 (3)",
                AnomalyFormat.inlineList(victims, 5));
    }

    @Test
    void shouldLeaveOutEntriesOfAnotherShapeRatherThanFail() {
        assertEquals(List.of(new RankedEntry("10.0.0.1", OptionalLong.empty())),
                TopLists.read(List.of(Map.of(AnomalyDetails.ADDRESS, "10.0.0.1"), "plain", Map.of("noLabel", 1)),
                        AnomalyDetails.ADDRESS));
        assertEquals(List.of(), TopLists.read("not a list", AnomalyDetails.ADDRESS));
    }

    @Test
    void shouldOnlyDescribeAResolutionForResolvedEvents() {
        assertEquals("", AnomalyFormat.resolution(Anomalies.openSurge("e")));
        assertEquals("resolved after 1h (2022-02-24 00:00–01:00 UTC)", AnomalyFormat.resolution(
                Anomalies.backscatter("e", EpisodeStatus.RESOLVED, 12, 11, List.of(), List.of())));
    }
}
