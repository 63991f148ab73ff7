package io.darkwatch.alerting.service;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which episodes were already alerted as OPEN and as RESOLVED, so an event redelivered
 * after a rebalance or a retry of the streams app's transaction is not alerted twice. ONGOING
 * updates are not deduplicated: each one carries a new window and is worth showing.
 *
 * <p>Only within one run: the memory is lost on restart, so an event that was delivered but whose
 * offset was not yet committed when the process died is alerted again after the restart (offsets
 * are committed right after each delivery, so that window is small). A persistent record of sent
 * alerts (e.g. a compacted topic keyed by episode and status) is the later fix.
 *
 * <p>Bounded: the oldest keys are forgotten beyond {@code capacity} so a long run cannot grow without limit.
 */
public final class EpisodeDeduplicator {
    private final Map<String, Boolean> seen;

    public EpisodeDeduplicator(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.seen = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True when this episode was already alerted with this status (never for ONGOING). */
    public boolean alreadyAlerted(Anomaly anomaly) {
        return key(anomaly) != null && seen.containsKey(key(anomaly));
    }

    /** Notes that this episode has been alerted with this status. */
    public void remember(Anomaly anomaly) {
        String key = key(anomaly);
        if (key != null) {
            seen.put(key, Boolean.TRUE);
        }
    }

    private static String key(Anomaly anomaly) {
        if (anomaly.status() == EpisodeStatus.ONGOING) {
            return null;
        }
        return anomaly.id() + '\u0000' + anomaly.status();
    }
}
