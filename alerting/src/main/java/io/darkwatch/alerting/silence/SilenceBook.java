package io.darkwatch.alerting.silence;

import io.darkwatch.common.anomaly.Anomaly;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The silences known from the topic, by id: a record adds or replaces one, a tombstone removes it. */
public final class SilenceBook {
    private final Map<String, Silence> silences = new HashMap<>();

    public void apply(String id, Silence silence) {
        if (silence == null) {
            silences.remove(id);
        } else {
            silences.put(id, silence);
        }
    }

    /** The silence that matches this alert now, if any (the one lasting longest, for the log). */
    public Optional<Silence> matching(Anomaly anomaly, Instant now) {
        return silences.values().stream().filter(s -> s.matches(anomaly, now))
                .max(Comparator.comparing(Silence::endsAt));
    }

    /** The silences still in force, ending soonest first. */
    public List<Silence> active(Instant now) {
        return silences.values().stream().filter(s -> s.isActive(now))
                .sorted(Comparator.comparing(Silence::endsAt).thenComparing(Silence::id)).toList();
    }

    public Optional<Silence> get(String id) {
        return Optional.ofNullable(silences.get(id));
    }
}
