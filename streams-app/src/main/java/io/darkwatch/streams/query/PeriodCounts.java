package io.darkwatch.streams.query;

import io.darkwatch.common.packet.TcpFlags;
import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.streams.topology.DailyTotals;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One country's counts summed over the closed windows of a period.
 *
 * @param country     ISO 3166-1 alpha-2
 * @param windows     closed windows found in the period (a zero window of a silent country counts)
 * @param packets     all packets
 * @param synAck      TCP SYN+ACK packets
 * @param backscatter backscatter packets (SYN+ACK, RST, ICMP replies and errors)
 * @param scan        TCP SYN without ACK
 * @param flags       TCP packets per flag set, labelled like {@code SYN|ACK}, largest first
 */
public record PeriodCounts(String country, int windows, long packets, long synAck, long backscatter, long scan,
        Map<String, Long> flags) {

    public PeriodCounts {
        Objects.requireNonNull(country, "country");
        if (windows < 0 || packets < 0 || synAck < 0 || backscatter < 0 || scan < 0) {
            throw new IllegalArgumentException("negative count for " + country);
        }
        flags = largestFirst(flags == null ? Map.of() : flags);
    }

    /** The sum of {@code windows}, all of {@code country}. */
    public static PeriodCounts of(String country, Iterable<CountryWindow> windows) {
        return of(country, windows, List.of());
    }

    /** The sum of {@code windows} and whole {@code days} (daily totals), all of {@code country}. */
    public static PeriodCounts of(String country, Iterable<CountryWindow> windows, Iterable<DailyTotals> days) {
        Sum sum = new Sum(country);
        for (CountryWindow w : windows) {
            sum.add("window", w.country(), 1, w.packets(), w.synAck(), w.backscatter(), w.scan(), w.flagCounts());
        }
        for (DailyTotals d : days) {
            sum.add("day", d.country(), d.windows(), d.packets(), d.synAck(), d.backscatter(), d.scan(),
                    d.flagCounts());
        }
        return new PeriodCounts(country, sum.windows, sum.packets, sum.synAck, sum.backscatter, sum.scan, sum.flags);
    }

    /** What windows and days add up to, as they are read. */
    private static final class Sum {
        private final String country;
        private final Map<String, Long> flags = new LinkedHashMap<>();
        private int windows;
        private long packets;
        private long synAck;
        private long backscatter;
        private long scan;

        Sum(String country) {
            this.country = country;
        }

        void add(String what, String ofCountry, int windowCount, long packetCount, long synAckCount,
                long backscatterCount, long scanCount, Map<Integer, Long> flagCounts) {
            if (!ofCountry.equals(country)) {
                throw new IllegalArgumentException(what + " of " + ofCountry + " summed into " + country);
            }
            windows += windowCount;
            packets += packetCount;
            synAck += synAckCount;
            backscatter += backscatterCount;
            scan += scanCount;
            flagCounts.forEach((bits, count) -> flags.merge(TcpFlags.label(bits), count, Long::sum));
        }
    }

    static Map<String, Long> largestFirst(Map<String, Long> counts) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Long> ordered = new LinkedHashMap<>();
        entries.forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(ordered);
    }
}
