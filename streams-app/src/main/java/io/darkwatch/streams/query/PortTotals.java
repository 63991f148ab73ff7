package io.darkwatch.streams.query;

import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.streams.topology.DailyTotals;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * TCP/UDP packets per destination port summed over windows. Each published window lists only its
 * country's top {@code signal.top-n} ports; the rest of its port packets are summed in
 * {@code unlistedPackets}. A port's total is therefore exact where it was among its country's top
 * ports in every window, and a lower bound otherwise: raise {@code signal.top-n} for rarer ports.
 *
 * @param ports           packets per destination port
 * @param unlistedPackets packets to ports a window left out of its top list
 */
public record PortTotals(Map<Integer, Long> ports, long unlistedPackets) {
    public PortTotals {
        ports = Map.copyOf(ports == null ? Map.of() : ports);
        if (unlistedPackets < 0) {
            throw new IllegalArgumentException("negative unlisted packets " + unlistedPackets);
        }
    }

    public static final PortTotals NONE = new PortTotals(Map.of(), 0);

    /** The totals of {@code windows} (of any countries). */
    public static PortTotals of(Iterable<CountryWindow> windows) {
        Map<Integer, Long> sum = new HashMap<>();
        long unlisted = 0;
        for (CountryWindow w : windows) {
            w.dstPortCounts().forEach((port, count) -> sum.merge(port, count, Long::sum));
            unlisted += w.otherPortPackets();
        }
        return new PortTotals(sum, unlisted);
    }

    /** The totals of whole days (of any countries); see {@link DailyTotals} for how exact they are. */
    public static PortTotals ofDays(Iterable<DailyTotals> days) {
        Map<Integer, Long> sum = new HashMap<>();
        long unlisted = 0;
        for (DailyTotals d : days) {
            d.dstPortCounts().forEach((port, count) -> sum.merge(port, count, Long::sum));
            unlisted += d.otherPortPackets();
        }
        return new PortTotals(sum, unlisted);
    }

    public PortTotals plus(PortTotals other) {
        Map<Integer, Long> sum = new TreeMap<>(ports);
        other.ports.forEach((port, count) -> sum.merge(port, count, Long::sum));
        return new PortTotals(sum, unlistedPackets + other.unlistedPackets);
    }
}
