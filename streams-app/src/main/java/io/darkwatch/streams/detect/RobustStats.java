package io.darkwatch.streams.detect;

import java.util.Arrays;

/** Median and median absolute deviation: a baseline that a few extreme windows do not move. */
public final class RobustStats {
    /** MAD × this estimates the standard deviation of normally distributed data. */
    public static final double MAD_TO_SD = 1.4826;

    private RobustStats() {
    }

    /** Median of the values; the mean of the middle two for an even count. */
    public static double median(long[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("median of no values");
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    /** Median absolute deviation from {@code center}. */
    public static double mad(long[] values, double center) {
        if (values.length == 0) {
            throw new IllegalArgumentException("MAD of no values");
        }
        double[] deviations = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            deviations[i] = Math.abs(values[i] - center);
        }
        Arrays.sort(deviations);
        int mid = deviations.length / 2;
        return deviations.length % 2 == 1 ? deviations[mid] : (deviations[mid - 1] + deviations[mid]) / 2.0;
    }
}
