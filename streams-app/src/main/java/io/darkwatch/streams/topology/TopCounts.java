package io.darkwatch.streams.topology;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/** The largest entries of a count map, and what the rest add up to. */
record TopCounts<K extends Comparable<K>>(Map<K, Long> top, long rest) {

    /** The {@code n} largest counts (ties by key, so the choice is repeatable) and the sum of the others. */
    static <K extends Comparable<K>> TopCounts<K> of(Map<K, Long> counts, int n) {
        Map<K, Long> top = new LinkedHashMap<>();
        long rest = 0;
        var sorted = counts.entrySet().stream()
                .sorted(Map.Entry.<K, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .toList();
        for (var e : sorted) {
            if (top.size() < n) {
                top.put(e.getKey(), e.getValue());
            } else {
                rest += e.getValue();
            }
        }
        return new TopCounts<>(top, rest);
    }
}
