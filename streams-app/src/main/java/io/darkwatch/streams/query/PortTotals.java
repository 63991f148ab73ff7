package io.darkwatch.streams.query;

import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.streams.topology.DailyTotals;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;

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
        return sum(windows, CountryWindow::dstPortCounts, CountryWindow::otherPortPackets);
    }

    /** The totals of whole days (of any countries); see {@link DailyTotals} for how exact they are. */
    public static PortTotals ofDays(Iterable<DailyTotals> days) {
        return sum(days, DailyTotals::dstPortCounts, DailyTotals::otherPortPackets);
    }

    private static <T> PortTotals sum(Iterable<T> items, Function<T, Map<Integer, Long>> listed,
            ToLongFunction<T> unlisted) {
        Map<Integer, Long> sum = new HashMap<>();
        long rest = 0;
        for (T item : items) {
            listed.apply(item).forEach((port, count) -> sum.merge(port, count, Long::sum));
            rest += unlisted.applyAsLong(item);
        }
        return new PortTotals(sum, rest);
    }

    public PortTotals plus(PortTotals other) {
        Map<Integer, Long> sum = new TreeMap<>(ports);
        other.ports.forEach((port, count) -> sum.merge(port, count, Long::sum));
        return new PortTotals(sum, unlistedPackets + other.unlistedPackets);
    }
}
