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

    /** The top victims as {@code [{address, packets, asn}]}, {@code asn} only where known. */
    static List<Map<String, Object>> victims(Map<String, Long> counts, Map<String, Integer> asns) {
        List<Map<String, Object>> entries = top(counts, AnomalyDetails.ADDRESS);
        for (Map<String, Object> entry : entries) {
            Integer asn = asns.get((String) entry.get(AnomalyDetails.ADDRESS));
            if (asn != null) {
                entry.put(AnomalyDetails.ASN, asn);
            }
        }
        return entries;
    }

    /** Victim attacks as {@code [{address, asn, start, end, durationSeconds, packets, maxPacketsPer60s}]}. */
    static List<Map<String, Object>> attacks(List<VictimAttack> attacks) {
        return attacks.stream().map(a -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put(AnomalyDetails.ADDRESS, a.victim());
            entry.put(AnomalyDetails.ASN, a.asn());
            entry.put(AnomalyDetails.START, a.start().toString());
            entry.put(AnomalyDetails.END, a.end().toString());
            entry.put(AnomalyDetails.DURATION_SECONDS, a.durationSeconds());
            entry.put(AnomalyDetails.PACKETS, a.packets());
            entry.put(AnomalyDetails.MAX_PACKETS_PER_60S, a.maxPacketsPer60s());
            return entry;
        }).toList();
    }
}
