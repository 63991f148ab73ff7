package io.darkwatch.streams.detect;

import io.darkwatch.common.anomaly.AnomalyDetails;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Count maps turned into the {@code [{name: key, packets: n}]} lists of an anomaly's details. */
final class DetailLists {
    private DetailLists() {
    }

    // Largest first, ties by key, as a list of {name: key, packets: n} for the JSON event; each entry
    // keeps that field order (Map.of's order changes from JVM to JVM, and with it the event's bytes).
    static <K extends Comparable<K>> List<Map<String, Object>> top(Map<K, Long> counts, String name) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<K, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(e -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put(name, e.getKey());
                    entry.put(AnomalyDetails.PACKETS, e.getValue());
                    return entry;
                })
                .toList();
    }
}
