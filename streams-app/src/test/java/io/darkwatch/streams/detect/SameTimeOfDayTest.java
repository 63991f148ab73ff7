package io.darkwatch.streams.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SameTimeOfDayTest {
    private static final long FIVE_MINUTES = 300_000L;

    /** {@code days} days of 5-minute windows, each holding its window-of-day number (0-287). */
    private static TrailingHistory days(int days) {
        TrailingHistory h = new TrailingHistory(days * 288);
        for (int i = 0; i < days * 288; i++) {
            h.add(i % 288, false);
        }
        return h;
    }

    @Test
    void shouldTakeThirteenWindowsAroundTheSameTimeOnEachOfTheDays() {
        // Given two full days, the next window judged is window 0 of the day (midnight)
        long[] values = new SameTimeOfDay(FIVE_MINUTES, 2).values(days(2));
        Arrays.sort(values);
        // Then it gets ±6 windows around midnight of each day; the last day's later half does not exist yet
        assertArrayEquals(new long[] {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 282, 283, 284, 285, 286, 287},
                values);
    }

    @Test
    void shouldUseTheWholeDaysThereAreUpToTheMostAskedFor() {
        // Given two days known and up to three asked for, the two are used
        assertArrayEquals(new SameTimeOfDay(FIVE_MINUTES, 2).values(days(2)),
                new SameTimeOfDay(FIVE_MINUTES, 3).values(days(2)));
        // and given three known and two asked for, only the last two
        assertEquals(26, new SameTimeOfDay(FIVE_MINUTES, 2).values(days(3)).length);
    }

    @Test
    void shouldGiveNothingBeforeTheFirstWholeDayOrWhenTheWindowDoesNotDivideADay() {
        TrailingHistory partOfADay = new TrailingHistory(288);
        for (int i = 0; i < 287; i++) {
            partOfADay.add(i, false);
        }
        assertEquals(0, new SameTimeOfDay(FIVE_MINUTES, 7).values(partOfADay).length);
        assertEquals(0, new SameTimeOfDay(FIVE_MINUTES, 0).values(days(2)).length);
        assertEquals(0, new SameTimeOfDay(7 * 60_000L, 1).values(days(2)).length);
    }

    @Test
    void shouldLeaveAnomalousWindowsOutUnlessFewerThanOneADayWouldRemain() {
        TrailingHistory h = new TrailingHistory(2 * 288);
        for (int i = 0; i < 2 * 288; i++) {
            h.add(i % 288 < 7 || i % 288 > 281 ? 5 : 100, i % 288 < 7 || i % 288 > 281);
        }
        // Every window near midnight was flagged: all of them are taken as they are
        long[] values = new SameTimeOfDay(FIVE_MINUTES, 2).values(h);
        assertEquals(20, values.length);
        assertEquals(5.0, RobustStats.median(values));
        // One normal window a day is enough to leave the flagged ones out
        h.add(100, false);
        h.add(100, false);
        long[] shifted = new SameTimeOfDay(FIVE_MINUTES, 2).values(h);
        assertEquals(100.0, RobustStats.median(shifted));
    }
}
