package io.darkwatch.streams.detect;

import java.time.Duration;
import java.util.Arrays;

/**
 * The windows of a trailing history that fall at the same time of day as the window being judged,
 * on each of the last few days: what a baseline that knows a country's daily rhythm is made of.
 *
 * <p>The history is contiguous (one value per window, silent windows included, see
 * {@link CountryMonitor}), so the window {@code d} days before the judged one is {@code d × perDay}
 * positions from the history's end. Around it a band of ±30 minutes is taken, so that a week gives
 * 7 × 13 values with 5-minute windows rather than 7.
 */
final class SameTimeOfDay {
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    private final int perDay;
    private final int halfBand;
    private final int days;

    /**
     * @param windowMillis the window size; a size that does not divide a day has no time of day to
     *                     line up, and then there are never values
     * @param days         how many trailing days are used at most; 0: none
     */
    SameTimeOfDay(long windowMillis, int days) {
        this.perDay = DAY_MILLIS % windowMillis == 0 ? (int) (DAY_MILLIS / windowMillis) : 0;
        this.halfBand = perDay / 48;
        this.days = days;
    }

    /**
     * The values at the judged window's time of day over the last {@code days} days, or over as many
     * whole days as the history holds when that is fewer; an empty array before the first whole day
     * (or when none are asked for).
     *
     * <p>Why from the first day and not only once all {@code days} are there: before, a strong daily
     * rhythm was judged against the all-day trailing median for a week, and an outage at the daily
     * peak on day two could leave more than the warning fraction of that median — found a window
     * late, or not at all (the quality sweep's edge seed 1014). Yesterday's same hour already knows
     * the rhythm; each further day makes the median steadier.
     *
     * <p>Anomalous windows are left out, as from every baseline, unless fewer than one value a day
     * would remain: then all of them are taken. That happens when the trailing median, before the
     * week was full, read every quiet night of a strong daily rhythm as an outage; without it those
     * nights would never be judged against nights, and a level that has held for the whole span is
     * the normal one by now (IODA's engine likewise accepts a new level after its 7 days).
     */
    long[] values(TrailingHistory history) {
        int used = perDay == 0 ? 0 : Math.min(days, history.size() / perDay);
        if (used == 0) {
            return new long[0];
        }
        long[] normal = new long[used * (2 * halfBand + 1)];
        long[] all = new long[normal.length];
        int n = 0;
        int a = 0;
        int size = history.size();
        for (int d = 1; d <= used; d++) {
            // Position of the window exactly d days before the judged one (which would sit at index size).
            int center = size - d * perDay;
            for (int i = center - halfBand; i <= center + halfBand; i++) {
                if (i >= 0 && i < size) {
                    all[a++] = history.value(i);
                    if (!history.flagged(i)) {
                        normal[n++] = history.value(i);
                    }
                }
            }
        }
        return n >= used ? Arrays.copyOf(normal, n) : Arrays.copyOf(all, a);
    }
}
