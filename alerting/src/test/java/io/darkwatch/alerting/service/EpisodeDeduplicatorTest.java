package io.darkwatch.alerting.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.alerting.state.AlertedEpisode;
import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.common.anomaly.EpisodeStatus;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EpisodeDeduplicatorTest {
    private static final Instant NOW = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    void shouldRecogniseARedeliveredOpenOrResolvedAndARedeliveredOngoingWindowButNotANewerOne() {
        // Given an episode whose OPEN and first ONGOING update were handled
        EpisodeDeduplicator dedupe = new EpisodeDeduplicator("g", 100);
        var open = Anomalies.openSurge("E-1");
        var firstUpdate = Anomalies.backscatter("E-1", EpisodeStatus.ONGOING, 1, 300, List.of(), List.of());
        var secondUpdate = Anomalies.backscatter("E-1", EpisodeStatus.ONGOING, 2, 300, List.of(), List.of());
        var resolved = Anomalies.backscatter("E-1", EpisodeStatus.RESOLVED, 3, 12, List.of(), List.of());
        dedupe.remember(open, NOW);
        AlertedEpisode state = dedupe.remember(firstUpdate, NOW);

        // Then the same events again are recognised, the next update and the resolution are news
        assertTrue(dedupe.alreadyAlerted(open));
        assertTrue(dedupe.alreadyAlerted(firstUpdate));
        assertFalse(dedupe.alreadyAlerted(secondUpdate), "a newer window is news");
        assertFalse(dedupe.alreadyAlerted(resolved), "same episode, other status");
        assertFalse(dedupe.alreadyAlerted(Anomalies.openSurge("E-2")));
        // and the state to save says exactly that
        assertEquals(Set.of(EpisodeStatus.OPEN, EpisodeStatus.ONGOING), state.statuses());
        assertEquals(firstUpdate.windowStart(), state.lastOngoingWindowStart());
    }

    @Test
    void shouldRestoreWhatItsOwnGroupStoredAndIgnoreOtherGroups() {
        // Given stored state of this group and of another deployment
        EpisodeDeduplicator dedupe = new EpisodeDeduplicator("alerting", 100);
        var open = Anomalies.outage("OUTAGE-KZ-1", EpisodeStatus.OPEN);
        var other = Anomalies.outage("OUTAGE-KZ-2", EpisodeStatus.OPEN);

        // When both are restored
        dedupe.restore(AlertedEpisode.of("alerting", open, NOW));
        dedupe.restore(AlertedEpisode.of("other-channel", other, NOW));

        // Then only this group's episode counts as alerted
        assertTrue(dedupe.alreadyAlerted(open));
        assertFalse(dedupe.alreadyAlerted(other), "another group's alert was sent to another channel");
    }

    @Test
    void shouldForgetTheOldestEpisodesBeyondItsCapacity() {
        EpisodeDeduplicator dedupe = new EpisodeDeduplicator("g", 2);
        dedupe.remember(Anomalies.outage("a", EpisodeStatus.OPEN), NOW);
        dedupe.remember(Anomalies.outage("b", EpisodeStatus.OPEN), NOW);
        dedupe.remember(Anomalies.outage("c", EpisodeStatus.OPEN), NOW);

        assertFalse(dedupe.alreadyAlerted(Anomalies.outage("a", EpisodeStatus.OPEN)));
        assertTrue(dedupe.alreadyAlerted(Anomalies.outage("c", EpisodeStatus.OPEN)));
        assertEquals(2, dedupe.size());
    }
}
