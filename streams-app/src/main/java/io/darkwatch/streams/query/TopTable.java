package io.darkwatch.streams.query;

import java.time.Instant;
import java.util.List;

/**
 * A top-N table of one period against the period of the same length just before it.
 *
 * @param from            period start (inclusive)
 * @param to              period end (exclusive)
 * @param previousFrom    start of the previous period, which ends at {@code from}
 * @param entries         the ranked entries
 * @param total           the sum over everything ranked in the period (not only the top N)
 * @param unlistedPackets for ports: packets to ports left out of the windows' top lists (see {@link PortTotals})
 */
public record TopTable<K>(Instant from, Instant to, Instant previousFrom, List<RankedEntry<K>> entries, long total,
        long unlistedPackets) {
    public TopTable {
        entries = List.copyOf(entries);
    }
}
