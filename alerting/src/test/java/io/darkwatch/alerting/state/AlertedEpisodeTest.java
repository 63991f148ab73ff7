package io.darkwatch.alerting.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.alerting.topic.AlertingTopics;
import io.darkwatch.common.anomaly.EpisodeStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertedEpisodeTest {
    private static final Instant T1 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2024-01-01T00:05:00Z");

    @Test
    void shouldMergeStatesReadInAnyOrderIntoEverythingEitherSaysWasHandled() {
        // Given one record with OPEN and an update at window 2, another with OPEN, RESOLVED and window 1
        var open = Anomalies.openSurge("E");
        AlertedEpisode a = AlertedEpisode.of("g", open, T1)
                .with(Anomalies.backscatter("E", EpisodeStatus.ONGOING, 2, 1, List.of(), List.of()), T1);
        AlertedEpisode b = AlertedEpisode.of("g", open, T2)
                .with(Anomalies.backscatter("E", EpisodeStatus.ONGOING, 1, 1, List.of(), List.of()), T2)
                .with(Anomalies.backscatter("E", EpisodeStatus.RESOLVED, 3, 1, List.of(), List.of()), T2);

        // When merged either way round
        AlertedEpisode ab = a.merge(b);

        // Then all statuses, the latest update window and the latest time survive
        assertEquals(ab, b.merge(a));
        assertEquals(Set.of(EpisodeStatus.OPEN, EpisodeStatus.ONGOING, EpisodeStatus.RESOLVED), ab.statuses());
        assertEquals(Anomalies.START.plus(Anomalies.WINDOW.multipliedBy(2)), ab.lastOngoingWindowStart());
        assertEquals(T2, ab.recordedAt());
        assertTrue(ab.covers(Anomalies.backscatter("E", EpisodeStatus.ONGOING, 2, 1, List.of(), List.of())));
        assertFalse(ab.covers(Anomalies.backscatter("E", EpisodeStatus.ONGOING, 3, 1, List.of(), List.of())));
    }

    @Test
    void shouldKeyByGroupAndEpisodeWithoutCollisionsWhateverTheirCharacters() {
        assertEquals("[\"alerting\",\"OUTAGE-KZ-1\"]", AlertedEpisode.key("alerting", "OUTAGE-KZ-1"));
        assertNotEquals(AlertedEpisode.key("a|b", "c"), AlertedEpisode.key("a", "b|c"));
        assertNotEquals(AlertedEpisode.key("a\",\"b", "c"), AlertedEpisode.key("a", "b\",\"c"));
    }

    @Test
    void shouldSurviveTheTripThroughTheStateTopicSerde() {
        AlertedEpisode state = AlertedEpisode.of("g", Anomalies.outage("OUTAGE-KZ-1", EpisodeStatus.ONGOING), T1);

        byte[] bytes = AlertingTopics.STATE.value().serializer().serialize("t", state);

        assertEquals(state, AlertingTopics.STATE.value().deserializer().deserialize("t", bytes));
        assertEquals("{\"group\":\"g\",\"episodeId\":\"OUTAGE-KZ-1\",\"statuses\":[\"ONGOING\"],"
                + "\"lastOngoingWindowStart\":\"2022-01-05T10:30:00Z\",\"recordedAt\":\"2024-01-01T00:00:00Z\"}",
                new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void shouldRefuseAnOngoingStatusWithoutItsWindow() {
        assertThrows(IllegalArgumentException.class,
                () -> new AlertedEpisode("g", "E", Set.of(EpisodeStatus.ONGOING), null, T1));
    }
}
