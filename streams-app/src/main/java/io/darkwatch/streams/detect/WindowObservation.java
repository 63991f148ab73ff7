package io.darkwatch.streams.detect;

import io.darkwatch.common.signal.CountryWindow;
import java.util.Objects;

/**
 * What the detectors see of one closed country window: the window as published, plus counts that
 * the published record leaves out because it keeps only the top entries.
 *
 * @param window          the country window
 * @param distinctVictims how many distinct addresses sent SYN/ACK in the window (the record's
 *                        {@code synAckSources} holds only the top ones)
 */
public record WindowObservation(CountryWindow window, long distinctVictims) {

    public WindowObservation {
        Objects.requireNonNull(window, "window");
        if (distinctVictims < window.synAckSources().size()) {
            throw new IllegalArgumentException("distinct victims " + distinctVictims + " fewer than the "
                    + window.synAckSources().size() + " listed");
        }
    }

    /** An observation of a window as published, when nothing beyond it is known. */
    public static WindowObservation of(CountryWindow window) {
        return new WindowObservation(window, window.synAckSources().size());
    }

    public String country() {
        return window.country();
    }

    public long windowStartMillis() {
        return window.windowStart().toEpochMilli();
    }

    public long windowEndMillis() {
        return window.windowEnd().toEpochMilli();
    }
}
