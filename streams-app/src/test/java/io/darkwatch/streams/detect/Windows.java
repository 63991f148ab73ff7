package io.darkwatch.streams.detect;

import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.streams.testing.WindowTraffic;
import java.time.Instant;
import java.util.Map;

/** Hand-made windows for detector unit tests. */
final class Windows {
    private Windows() {
    }

    /** Window {@code index} of {@code country} with {@code packets} in all, {@code backscatter} of them SYN/ACK. */
    static WindowObservation window(String country, int index, long packets, long backscatter) {
        Instant start = Instant.ofEpochMilli(WindowTraffic.startOf(index));
        return WindowObservation.of(new CountryWindow(country, start, start.plusMillis(WindowTraffic.WINDOW_MILLIS),
                packets, backscatter, backscatter, 0, Map.of(), Map.of(), 0, Map.of(), Map.of()));
    }

    static TrailingHistory history(long... values) {
        TrailingHistory h = new TrailingHistory(Math.max(1, values.length));
        for (long v : values) {
            h.add(v, false);
        }
        return h;
    }

    static long[] repeat(long value, int n) {
        long[] out = new long[n];
        java.util.Arrays.fill(out, value);
        return out;
    }
}
