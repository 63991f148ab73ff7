package io.darkwatch.streams.topology;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The windows of one task that are still open: a {@link CountryTally} per window and country, and
 * for each window the input offset of the first block that counted packets in it.
 *
 * <p>The smallest of those offsets, {@link #replayFrom()}, is where a restarted task must start
 * reading the packets topic again to count every open window as it was: every packet counted in an
 * open window came from that offset or later.
 */
final class OpenWindows {
    private final boolean scanSignals;
    private final boolean uniqueSources;
    private final TreeMap<Long, Map<String, CountryTally>> tallies = new TreeMap<>();
    private final Map<Long, Long> firstOffsets = new HashMap<>();

    OpenWindows(boolean scanSignals, boolean uniqueSources) {
        this.scanSignals = scanSignals;
        this.uniqueSources = uniqueSources;
    }

    /** The tally of {@code country} in the window starting at {@code start}, noting that {@code offset} counted in it. */
    CountryTally tally(long start, String country, long offset) {
        Long first = firstOffsets.get(start);
        if (first == null || offset < first) {
            firstOffsets.put(start, offset);
        }
        return tallies.computeIfAbsent(start, w -> new HashMap<>())
                .computeIfAbsent(country, c -> emptyTally());
    }

    /** Removes the window starting at {@code start}; returns its tallies by country (empty when nothing was counted). */
    Map<String, CountryTally> remove(long start) {
        firstOffsets.remove(start);
        Map<String, CountryTally> removed = tallies.remove(start);
        return removed == null ? Map.of() : removed;
    }

    CountryTally emptyTally() {
        return new CountryTally(scanSignals, uniqueSources);
    }

    /** The input offset from which every open window's packets can be read again; -1 when nothing is open. */
    long replayFrom() {
        long from = -1;
        for (long offset : firstOffsets.values()) {
            from = from < 0 ? offset : Math.min(from, offset);
        }
        return from;
    }

    int size() {
        return tallies.size();
    }

    void clear() {
        tallies.clear();
        firstOffsets.clear();
    }
}
