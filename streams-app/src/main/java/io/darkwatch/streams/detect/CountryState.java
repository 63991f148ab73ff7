package io.darkwatch.streams.detect;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the detectors remember about one country: the last window they saw and one
 * {@link DetectorTrack} per detector name. Mutable; {@link CountryMonitor} updates it in place and
 * the topology stores it per country.
 */
public final class CountryState {
    /** No window seen yet. */
    public static final long NONE = Long.MIN_VALUE;

    private long lastWindowStartMillis;
    private final Map<String, DetectorTrack> tracks;

    public CountryState(long lastWindowStartMillis, Map<String, DetectorTrack> tracks) {
        this.lastWindowStartMillis = lastWindowStartMillis;
        this.tracks = new LinkedHashMap<>(tracks);
    }

    public static CountryState empty() {
        return new CountryState(NONE, Map.of());
    }

    public long lastWindowStartMillis() {
        return lastWindowStartMillis;
    }

    void lastWindowStartMillis(long start) {
        lastWindowStartMillis = start;
    }

    /** Tracks by detector name, in the order they were added. */
    public Map<String, DetectorTrack> tracks() {
        return Collections.unmodifiableMap(tracks);
    }

    /** Drops the tracks of every name not among {@code names}. */
    void retainTracks(Collection<String> names) {
        tracks.keySet().retainAll(names);
    }

    DetectorTrack track(String detector, int capacity) {
        DetectorTrack t = tracks.get(detector);
        if (t == null || t.history().capacity() != capacity) {
            t = resized(t, capacity);
            tracks.put(detector, t);
        }
        return t;
    }

    // baseline.windows changed since the state was written: keep the newest windows that fit.
    private static DetectorTrack resized(DetectorTrack old, int capacity) {
        if (old == null) {
            return DetectorTrack.empty(capacity);
        }
        TrailingHistory h = new TrailingHistory(capacity);
        TrailingHistory o = old.history();
        for (int i = Math.max(0, o.size() - capacity); i < o.size(); i++) {
            h.add(o.value(i), o.flagged(i));
        }
        return new DetectorTrack(h, old.episode());
    }
}
