package io.darkwatch.capture.geo;

import io.darkwatch.common.packet.PacketSummary;
import java.util.Objects;

/** Fills in the source country and ASN of decoded packets. */
public final class Enricher {
    private final GeoLookup lookup;

    public Enricher(GeoLookup lookup) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    /** The summary with the country and ASN of its source address. */
    public PacketSummary enrich(PacketSummary summary) {
        GeoInfo info = lookup.lookup(summary.src());
        return summary.withGeo(info.country(), info.asn());
    }
}
