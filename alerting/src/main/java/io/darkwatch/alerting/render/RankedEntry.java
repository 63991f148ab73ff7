package io.darkwatch.alerting.render;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One line of a "top N" list in an anomaly's details: a victim address or a port, with its packet
 * count when the detector gave one.
 */
public record RankedEntry(String label, OptionalLong packets) {
    public RankedEntry {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(packets, "packets");
    }

    /** {@code 192.0.2.7 (80)}, or just the label when no count is known. */
    public String text() {
        return packets.isPresent() ? label + " (" + AnomalyFormat.count(packets.getAsLong()) + ")" : label;
    }
}
