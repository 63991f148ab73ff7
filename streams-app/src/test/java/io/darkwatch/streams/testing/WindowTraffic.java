package io.darkwatch.streams.testing;

import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.streams.detect.WindowObservation;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

/**
 * Generated country windows with Poisson counts: the detectors' input without the packets, so a
 * quality test can run days of traffic for dozens of countries in well under a second.
 */
public final class WindowTraffic {
    public static final long WINDOW_MILLIS = 300_000L;
    /** A Monday, 00:00 UTC: generated days start at midnight so that daily rhythms line up with hours. */
    public static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    private WindowTraffic() {
    }

    /**
     * One window with Poisson counts around the given means.
     *
     * @param other       mean packets that are neither backscatter nor scans (UDP, other TCP …)
     * @param backscatter mean backscatter packets (all SYN/ACK here)
     * @param scan        mean scan packets (SYN without ACK)
     */
    public static WindowObservation window(Random random, String country, int index, double other,
            double backscatter, double scan) {
        long o = Poisson.sample(random, other);
        long b = Poisson.sample(random, backscatter);
        long s = Poisson.sample(random, scan);
        Instant start = Instant.ofEpochMilli(T0 + index * WINDOW_MILLIS);
        Map<String, Long> victims = b == 0 ? Map.of() : Map.of("192.0.2.10", b);
        Map<Integer, Long> ports = b == 0 ? Map.of() : Map.of(443, b);
        CountryWindow w = new CountryWindow(country, start, start.plusMillis(WINDOW_MILLIS), o + b + s, b, b, s,
                Map.of(), Map.of(), 0, victims, ports);
        return new WindowObservation(w, victims.size());
    }

    /** Start of window {@code index} in epoch milliseconds. */
    public static long startOf(int index) {
        return T0 + index * WINDOW_MILLIS;
    }
}
