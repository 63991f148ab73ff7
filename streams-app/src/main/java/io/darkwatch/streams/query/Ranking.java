package io.darkwatch.streams.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Top-N tables with each entry's rank in the previous period, as pure code (no Kafka): the query
 * API merges every instance's totals first and ranks once, since ranks of partial totals cannot be
 * merged.
 *
 * <p>Ranks are competition ranks ("1224"): equal counts share a rank. Within a rank, entries are
 * listed by key so that the same totals always give the same table. A key with a zero count is not
 * ranked: in the previous period it counts as "new".
 */
public final class Ranking {
    private Ranking() {
    }

    /**
     * @param current  totals per key in the period
     * @param previous totals per key in the period of the same length before it
     * @param n        how many entries to list (the first n in rank order, ties cut by key)
     * @param keyOrder orders keys of equal counts
     */
    public static <K> List<RankedEntry<K>> top(Map<K, Long> current, Map<K, Long> previous, int n,
            Comparator<? super K> keyOrder) {
        if (n < 1) {
            throw new IllegalArgumentException("n " + n + " is not 1 or more");
        }
        List<Map.Entry<K, Long>> now = ordered(current, keyOrder);
        Map<K, Integer> before = ranks(ordered(previous, keyOrder));
        List<RankedEntry<K>> table = new ArrayList<>(Math.min(n, now.size()));
        int rank = 0;
        long lastCount = -1;
        for (int i = 0; i < now.size() && i < n; i++) {
            Map.Entry<K, Long> e = now.get(i);
            if (e.getValue() != lastCount) {
                rank = i + 1;
                lastCount = e.getValue();
            }
            table.add(new RankedEntry<>(rank, e.getKey(), e.getValue(), before.get(e.getKey())));
        }
        return table;
    }

    private static <K> List<Map.Entry<K, Long>> ordered(Map<K, Long> totals, Comparator<? super K> keyOrder) {
        List<Map.Entry<K, Long>> entries = new ArrayList<>();
        for (Map.Entry<K, Long> e : totals.entrySet()) {
            if (e.getValue() != null && e.getValue() > 0) {
                entries.add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        entries.sort(Map.Entry.<K, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey(keyOrder)));
        return entries;
    }

    private static <K> Map<K, Integer> ranks(List<Map.Entry<K, Long>> ordered) {
        Map<K, Integer> ranks = new HashMap<>();
        int rank = 0;
        long lastCount = -1;
        for (int i = 0; i < ordered.size(); i++) {
            Map.Entry<K, Long> e = ordered.get(i);
            if (e.getValue() != lastCount) {
                rank = i + 1;
                lastCount = e.getValue();
            }
            ranks.put(e.getKey(), rank);
        }
        return ranks;
    }
}
