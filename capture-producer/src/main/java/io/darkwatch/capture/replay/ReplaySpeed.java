package io.darkwatch.capture.replay;

import java.util.Locale;

/**
 * How fast a replay runs, relative to the capture's own event time.
 *
 * @param factor event seconds per wall second: 1 is real time, 10 ten times faster;
 *               {@link Double#POSITIVE_INFINITY} means as fast as the packets can be read ("max")
 */
public record ReplaySpeed(double factor) {
    public static final ReplaySpeed MAX = new ReplaySpeed(Double.POSITIVE_INFINITY);
    public static final ReplaySpeed REALTIME = new ReplaySpeed(1.0);

    public ReplaySpeed {
        if (Double.isNaN(factor) || factor <= 0) {
            throw new IllegalArgumentException("replay speed must be a positive multiple, not " + factor);
        }
    }

    /** Whether the replay is not paced at all. */
    public boolean isMax() {
        return Double.isInfinite(factor);
    }

    /**
     * Parses {@code max}, {@code realtime} or a multiple such as {@code 10x}, {@code 0.5x} (the
     * {@code x} may be left out).
     *
     * @throws IllegalArgumentException with a message naming the accepted forms
     */
    public static ReplaySpeed parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("max")) {
            return MAX;
        }
        if (t.equals("realtime") || t.equals("real-time")) {
            return REALTIME;
        }
        String number = t.endsWith("x") ? t.substring(0, t.length() - 1) : t;
        try {
            double factor = Double.parseDouble(number);
            if (!Double.isFinite(factor) || factor <= 0) {
                throw new NumberFormatException();
            }
            return new ReplaySpeed(factor);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a replay speed: use max, realtime or a positive "
                    + "multiple such as 10x or 0.5x");
        }
    }

    @Override
    public String toString() {
        if (isMax()) {
            return "max";
        }
        return factor == 1.0 ? "realtime" : (factor == Math.rint(factor) ? String.valueOf((long) factor) : String.valueOf(factor)) + "x";
    }
}
