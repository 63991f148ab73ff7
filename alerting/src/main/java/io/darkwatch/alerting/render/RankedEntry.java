package io.darkwatch.alerting.render;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One line of a "top N" list in an anomaly's details: a victim address or a port, with its packet
 * count when the detector gave one, and for a victim the network it belongs to ({@code AS15169
 * Google LLC}) when the detector looked it up in an ASN database.
 */
public record RankedEntry(String label, OptionalLong packets, Optional<String> network) {
    public RankedEntry {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(packets, "packets");
        Objects.requireNonNull(network, "network");
    }

    public RankedEntry(String label, OptionalLong packets) {
        this(label, packets, Optional.empty());
    }

    /** {@code 192.0.2.7 (80, AS64500 Example Org)}, {@code 192.0.2.7 (80)}, or just the label. */
    public String text() {
        String count = packets.isPresent() ? AnomalyFormat.count(packets.getAsLong()) : null;
        String owner = network.orElse(null);
        if (count == null && owner == null) {
            return label;
        }
        return label + " (" + (count == null ? owner : owner == null ? count : count + ", " + owner) + ")";
    }
}
