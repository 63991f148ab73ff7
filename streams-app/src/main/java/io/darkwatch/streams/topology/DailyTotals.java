package io.darkwatch.streams.topology;

import io.darkwatch.common.signal.CountryWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One country's published windows of one UTC day, summed: the daily roll-up the query API answers
 * long periods from (the quarterly tables of a CSIRT report would otherwise read 26,000 windows per
 * country).
 *
 * <p>Counts are exact sums. Ports are the sum of each window's listed top ports, as a period query
 * over the windows themselves would give ({@code PortTotals}), kept to the {@value #MAX_PORTS}
 * largest; the rest is added to {@code otherPortPackets}, so a port's daily total is exact while it
 * stays among its country's {@value #MAX_PORTS} largest of the day.
 *
 * @param country          ISO 3166-1 alpha-2
 * @param day              the day's first instant (UTC midnight)
 * @param windows          windows summed (a silent country's zero windows count)
 * @param lastWindowStart  start of the newest window summed: a window at or before it is a repeat and is
 *                         not summed again
 * @param packets          all packets
 * @param synAck           TCP SYN+ACK packets
 * @param backscatter      backscatter packets
 * @param scan             TCP SYN without ACK
 * @param flagCounts       TCP packets per flag set (the nine flag bits as a decimal number)
 * @param dstPortCounts    TCP/UDP packets per listed destination port, largest first
 * @param otherPortPackets TCP/UDP packets to ports not listed
 */
public record DailyTotals(String country, Instant day, int windows, Instant lastWindowStart, long packets,
        long synAck, long backscatter, long scan, Map<Integer, Long> flagCounts, Map<Integer, Long> dstPortCounts,
        long otherPortPackets) {

    /** Ports kept per country and day: the whole union of a day's top-10 lists is up to 2,880. */
    public static final int MAX_PORTS = 200;
    public static final Duration DAY = Duration.ofDays(1);

    public DailyTotals {
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(lastWindowStart, "lastWindowStart");
        flagCounts = Collections.unmodifiableMap(new LinkedHashMap<>(flagCounts == null ? Map.of() : flagCounts));
        dstPortCounts = Collections.unmodifiableMap(new LinkedHashMap<>(dstPortCounts == null ? Map.of()
                : dstPortCounts));
    }

    /** The UTC day a window starting at {@code windowStart} belongs to. */
    public static Instant dayOf(Instant windowStart) {
        long millis = DAY.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(windowStart.toEpochMilli(), millis) * millis);
    }

    /** A day holding just {@code w}. */
    static DailyTotals of(CountryWindow w) {
        return new DailyTotals(w.country(), dayOf(w.windowStart()), 0, Instant.MIN, 0, 0, 0, 0, Map.of(), Map.of(), 0)
                .plus(w);
    }

    /** This day with {@code w} (of its country and day) added; itself when {@code w} was summed already. */
    DailyTotals plus(CountryWindow w) {
        if (!w.country().equals(country) || !dayOf(w.windowStart()).equals(day)) {
            throw new IllegalArgumentException("window of " + w.country() + " at " + w.windowStart()
                    + " added to the day " + day + " of " + country);
        }
        if (!w.windowStart().isAfter(lastWindowStart)) {
            return this;
        }
        Map<Integer, Long> flags = new LinkedHashMap<>(flagCounts);
        w.flagCounts().forEach((bits, n) -> flags.merge(bits, n, Long::sum));
        Map<Integer, Long> ports = new LinkedHashMap<>(dstPortCounts);
        w.dstPortCounts().forEach((port, n) -> ports.merge(port, n, Long::sum));
        List<Map.Entry<Integer, Long>> largest = new ArrayList<>(ports.entrySet());
        largest.sort(Map.Entry.<Integer, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<Integer, Long> kept = new LinkedHashMap<>();
        long folded = 0;
        for (Map.Entry<Integer, Long> e : largest) {
            if (kept.size() < MAX_PORTS) {
                kept.put(e.getKey(), e.getValue());
            } else {
                folded += e.getValue();
            }
        }
        return new DailyTotals(country, day, windows + 1, w.windowStart(), packets + w.packets(), synAck + w.synAck(),
                backscatter + w.backscatter(), scan + w.scan(), flags, kept,
                otherPortPackets + w.otherPortPackets() + folded);
    }
}
