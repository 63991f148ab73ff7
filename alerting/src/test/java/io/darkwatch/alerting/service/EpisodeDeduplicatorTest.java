package io.darkwatch.alerting.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.common.anomaly.EpisodeStatus;
import org.junit.jupiter.api.Test;

class EpisodeDeduplicatorTest {

    @Test
    void shouldRecogniseARedeliveredOpenOrResolvedButNotOngoingUpdates() {
        EpisodeDeduplicator dedupe = new EpisodeDeduplicator(100);
        var open = Anomalies.outage("OUTAGE-KZ-1", EpisodeStatus.OPEN);
        var ongoing = Anomalies.outage("OUTAGE-KZ-1", EpisodeStatus.ONGOING);
        var resolved = Anomalies.outage("OUTAGE-KZ-1", EpisodeStatus.RESOLVED);

        dedupe.remember(open);
        dedupe.remember(ongoing);

        assertTrue(dedupe.alreadyAlerted(open));
        assertFalse(dedupe.alreadyAlerted(ongoing), "each ONGOING update is news");
        assertFalse(dedupe.alreadyAlerted(resolved), "same episode, other status");
        assertFalse(dedupe.alreadyAlerted(Anomalies.outage("OUTAGE-KZ-2", EpisodeStatus.OPEN)));
    }

    @Test
    void shouldForgetTheOldestEpisodesBeyondItsCapacity() {
        EpisodeDeduplicator dedupe = new EpisodeDeduplicator(2);
        dedupe.remember(Anomalies.outage("a", EpisodeStatus.OPEN));
        dedupe.remember(Anomalies.outage("b", EpisodeStatus.OPEN));
        dedupe.remember(Anomalies.outage("c", EpisodeStatus.OPEN));

        assertFalse(dedupe.alreadyAlerted(Anomalies.outage("a", EpisodeStatus.OPEN)));
        assertTrue(dedupe.alreadyAlerted(Anomalies.outage("c", EpisodeStatus.OPEN)));
    }
}
