package io.darkwatch.streams.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyDetails;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.anomaly.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VictimOwnersTest {
    private static final Instant T = Instant.parse("2022-02-24T04:00:00Z");
    private static final AsOrganizations OWNERS = address -> switch (address) {
        case "192.0.2.7" -> Optional.of(new AsOwner(64500, "Example Org"));
        case "198.51.100.9" -> Optional.of(new AsOwner(64501, ""));
        default -> Optional.empty();
    };

    private static Anomaly backscatter(Map<String, Object> details) {
        return new Anomaly(Anomaly.CURRENT_VERSION, "ep-1", AnomalyType.BACKSCATTER_SURGE, "UA", T, T.plusSeconds(300),
                EpisodeStatus.OPEN, Severity.CRITICAL, 300, 30, 12, "backscatter-surge", T, null, details);
    }

    private static Map<String, Object> entry(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @Test
    void shouldAddTheOwnersOfKnownVictimsAndLeaveTheOthersAsTheyAre() {
        // Given an event whose top victims and attacks name three addresses, one with an AS from the capture
        Anomaly a = backscatter(Map.of(
                AnomalyDetails.TOP_VICTIMS, List.of(entry("address", "192.0.2.7", "packets", 120L),
                        entry("address", "203.0.113.5", "packets", 40L),
                        entry("address", "198.51.100.9", "packets", 10L, "asn", 64999)),
                AnomalyDetails.ATTACKS, List.of(entry("address", "192.0.2.7", "asn", 0, "packets", 90L))));

        // When the owners are added
        Anomaly enriched = new VictimOwners(OWNERS).enrich(a);

        // Then each known victim carries its AS and organisation; an AS from the capture is kept
        assertEquals(List.of(entry("address", "192.0.2.7", "packets", 120L, "asn", 64500L,
                        "asOrganization", "Example Org"),
                entry("address", "203.0.113.5", "packets", 40L),
                entry("address", "198.51.100.9", "packets", 10L, "asn", 64999)),
                enriched.details().get(AnomalyDetails.TOP_VICTIMS));
        assertEquals(List.of(entry("address", "192.0.2.7", "asn", 64500L, "packets", 90L,
                "asOrganization", "Example Org")), enriched.details().get(AnomalyDetails.ATTACKS));
        assertEquals(a.id(), enriched.id());
        assertEquals(a.observed(), enriched.observed());
    }

    @Test
    void shouldReturnTheSameEventWhenThereIsNothingToAdd() {
        Anomaly outage = backscatter(Map.of(AnomalyDetails.TOP_VICTIMS, List.of(entry("address", "203.0.113.5"))));

        assertSame(outage, new VictimOwners(OWNERS).enrich(outage));
        assertSame(outage, new VictimOwners(AsOrganizations.NONE).enrich(outage));
    }
}
