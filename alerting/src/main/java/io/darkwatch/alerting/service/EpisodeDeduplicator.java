package io.darkwatch.alerting.service;

import io.darkwatch.alerting.state.AlertedEpisode;
import io.darkwatch.common.anomaly.Anomaly;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Remembers which events of which episodes this consumer group has handled, so an event redelivered
 * after a crash, a rebalance or a retry of the streams app's transaction is not alerted twice: OPEN
 * and RESOLVED once per episode, ONGOING once per update window (see {@link AlertedEpisode}).
 *
 * <p>The memory itself lasts one run; {@link #restore} fills it from the state topic on start and on
 * every partition assignment, and the service saves {@link #remember}'s result there before it
 * commits the event's offset.
 *
 * <p>Bounded: the least recently used episodes are forgotten beyond {@code capacity}, so a long run
 * cannot grow without limit.
 */
public final class EpisodeDeduplicator {
    private final String group;
    private final Map<String, AlertedEpisode> episodes;

    public EpisodeDeduplicator(String group, int capacity) {
        this.group = Objects.requireNonNull(group, "group");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.episodes = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, AlertedEpisode> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True when this event was already handled. */
    public boolean alreadyAlerted(Anomaly anomaly) {
        AlertedEpisode known = episodes.get(anomaly.id());
        return known != null && known.covers(anomaly);
    }

    /** Notes that this event has been handled; returns the episode's new state, to be saved. */
    public AlertedEpisode remember(Anomaly anomaly, Instant now) {
        AlertedEpisode known = episodes.get(anomaly.id());
        AlertedEpisode updated = known == null ? AlertedEpisode.of(group, anomaly, now) : known.with(anomaly, now);
        episodes.put(anomaly.id(), updated);
        return updated;
    }

    /** Adds what the state store says was handled; state of other groups is ignored. */
    public void restore(AlertedEpisode stored) {
        if (!group.equals(stored.group())) {
            return;
        }
        episodes.merge(stored.episodeId(), stored, AlertedEpisode::merge);
    }

    int size() {
        return episodes.size();
    }
}
