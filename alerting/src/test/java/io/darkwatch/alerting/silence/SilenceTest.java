package io.darkwatch.alerting.silence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SilenceTest {
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    private static Silence silence(String id, String country, AnomalyType type, Duration lasting) {
        return new Silence(id, country, type, T0, T0.plus(lasting), "planned", "ops");
    }

    @Test
    void shouldMatchByCountryAndOrTypeOnlyWhileItLasts() {
        Silence kzOutage = silence("1", "KZ", AnomalyType.OUTAGE, Duration.ofHours(6));
        Silence allOfUa = silence("2", "UA", null, Duration.ofHours(1));

        assertTrue(kzOutage.matches(Anomalies.outage("O", EpisodeStatus.OPEN), T0.plusSeconds(60)));
        assertFalse(kzOutage.matches(Anomalies.openSurge("S"), T0.plusSeconds(60)), "UA surge is neither");
        assertFalse(kzOutage.matches(Anomalies.outage("O", EpisodeStatus.OPEN), T0.plus(Duration.ofHours(6))),
                "ended");
        assertTrue(allOfUa.matches(Anomalies.openSurge("S"), T0));
    }

    @Test
    void shouldKeepTheLongestMatchingAndForgetOnATombstone() {
        SilenceBook book = new SilenceBook();
        book.apply("1", silence("1", "KZ", null, Duration.ofHours(1)));
        book.apply("2", silence("2", null, AnomalyType.OUTAGE, Duration.ofHours(3)));

        assertEquals("2", book.matching(Anomalies.outage("O", EpisodeStatus.OPEN), T0).orElseThrow().id());
        book.apply("2", null);
        assertEquals("1", book.matching(Anomalies.outage("O", EpisodeStatus.OPEN), T0).orElseThrow().id());
        assertEquals(List.of(), book.active(T0.plus(Duration.ofHours(2))));
    }

    @Test
    void shouldRoundTripThroughJsonAndRejectASilenceOfEverything() throws Exception {
        Silence s = silence("id-1", "KZ", AnomalyType.OUTAGE, Duration.ofHours(6));
        String json = Json.mapper().writeValueAsString(s);

        assertEquals("{\"id\":\"id-1\",\"country\":\"KZ\",\"type\":\"OUTAGE\",\"createdAt\":\"2026-01-05T10:00:00Z\","
                + "\"endsAt\":\"2026-01-05T16:00:00Z\",\"comment\":\"planned\",\"author\":\"ops\"}", json);
        assertEquals(s, Json.mapper().readValue(json, Silence.class));
        assertThrows(IllegalArgumentException.class, () -> silence("x", null, null, Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> silence("x", "kz", null, Duration.ofHours(1)));
    }
}
