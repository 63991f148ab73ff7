package io.darkwatch.streams.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/** The largest entries of a count map, and what the rest add up to. */
record TopCounts<K extends Comparable<K>>(Map<K, Long> top, long rest) {

    /**
     * The {@code n} largest counts (ties by key, so the choice is repeatable), largest first, and the
     * sum of the others.
     *
     * <p>A bounded heap, not a sort: a country window may count all 65,536 ports, and sorting them all
     * for ten was a tenth of the topology's time ({@code TopologyThroughputBenchmark}'s profile).
     */
    static <K extends Comparable<K>> TopCounts<K> of(Map<K, Long> counts, int n) {
        Comparator<Map.Entry<K, Long>> largestFirst = Map.Entry.<K, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey());
        // Its head is the smallest entry kept, the one a larger entry replaces.
        PriorityQueue<Map.Entry<K, Long>> kept = new PriorityQueue<>(Math.max(1, n), largestFirst.reversed());
        long rest = 0;
        for (Map.Entry<K, Long> e : counts.entrySet()) {
            if (kept.size() < n) {
                kept.add(e);
            } else if (n > 0 && largestFirst.compare(e, kept.peek()) < 0) {
                rest += kept.poll().getValue();
                kept.add(e);
            } else {
                rest += e.getValue();
            }
        }
        List<Map.Entry<K, Long>> sorted = new ArrayList<>(kept);
        sorted.sort(largestFirst);
        Map<K, Long> top = new LinkedHashMap<>();
        sorted.forEach(e -> top.put(e.getKey(), e.getValue()));
        return new TopCounts<>(top, rest);
    }
}
