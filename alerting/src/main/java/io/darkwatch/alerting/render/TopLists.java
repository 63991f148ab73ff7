package io.darkwatch.alerting.render;

import io.darkwatch.common.anomaly.Anomaly;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads the "top victims" and "top ports" lists out of an anomaly's free-form {@code details}.
 *
 * <p>The details are detector specific and only ever gain fields, so this is lenient on purpose: a
 * list of objects ({@code [{"address": "192.0.2.7", "packets": 80}]}, {@code [{"port": 443,
 * "packets": 50}]}), a list of plain values, or an object mapping label to count are all read. What
 * cannot be read is left out rather than failing the alert.
 */
public final class TopLists {
    /** Detail keys, as written by the backscatter detector. */
    public static final String TOP_VICTIMS = "topVictims";
    public static final String TOP_PORTS = "topPorts";

    private static final List<String> LABEL_KEYS = List.of("address", "ip", "victim", "port", "value", "key", "name");
    private static final List<String> COUNT_KEYS = List.of("packets", "count");

    private TopLists() {
    }

    public static List<RankedEntry> victims(Anomaly anomaly) {
        return read(anomaly.details().get(TOP_VICTIMS));
    }

    public static List<RankedEntry> ports(Anomaly anomaly) {
        return read(anomaly.details().get(TOP_PORTS));
    }

    static List<RankedEntry> read(Object value) {
        List<RankedEntry> out = new ArrayList<>();
        if (value instanceof Collection<?> items) {
            for (Object item : items) {
                RankedEntry entry = entryOf(item);
                if (entry != null) {
                    out.add(entry);
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.add(new RankedEntry(String.valueOf(e.getKey()), countOf(e.getValue())));
            }
            // A JSON object has no order; show the largest first, as a list would have.
            out.sort(Comparator.comparingLong((RankedEntry r) -> r.packets().orElse(-1)).reversed());
        }
        return out;
    }

    private static RankedEntry entryOf(Object item) {
        if (item instanceof Map<?, ?> map) {
            Object label = LABEL_KEYS.stream().map(map::get).filter(v -> v != null).findFirst().orElse(null);
            if (label == null) {
                return null;
            }
            Object count = COUNT_KEYS.stream().map(map::get).filter(v -> v != null).findFirst().orElse(null);
            return new RankedEntry(String.valueOf(label), countOf(count));
        }
        if (item instanceof String || item instanceof Number) {
            return new RankedEntry(String.valueOf(item), OptionalLong.empty());
        }
        return null;
    }

    private static OptionalLong countOf(Object value) {
        return value instanceof Number n ? OptionalLong.of(n.longValue()) : OptionalLong.empty();
    }
}
