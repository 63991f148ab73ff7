package io.darkwatch.streams.query;

import io.darkwatch.streams.topology.DailyTotals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A period {@code [from, to)} cut into the whole UTC days inside it, answered from the daily totals,
 * and the parts before and after them, answered from the windows. A week costs 7 rows per country
 * instead of 2,016 windows; a period within one day is all windows.
 *
 * @param from     start, inclusive
 * @param to       end, exclusive
 * @param daysFrom first whole day's start; equals {@code daysTo} when there is no whole day
 * @param daysTo   end of the last whole day
 */
record PeriodSplit(Instant from, Instant to, Instant daysFrom, Instant daysTo) {

    static PeriodSplit of(Instant from, Instant to) {
        Instant firstDay = DailyTotals.dayOf(from);
        if (firstDay.isBefore(from)) {
            firstDay = firstDay.plus(DailyTotals.DAY);
        }
        Instant lastDayEnd = DailyTotals.dayOf(to);
        if (!lastDayEnd.isAfter(firstDay)) {
            return new PeriodSplit(from, to, to, to);
        }
        return new PeriodSplit(from, to, firstDay, lastDayEnd);
    }

    /** A part answered from windows: {@code [from, to)}. */
    record Part(Instant from, Instant to) {
    }

    boolean hasDays() {
        return daysTo.isAfter(daysFrom);
    }

    /** The parts answered from windows, each {@code [start, end)}, none empty. */
    List<Part> windowParts() {
        List<Part> parts = new ArrayList<>();
        if (!hasDays()) {
            if (to.isAfter(from)) {
                parts.add(new Part(from, to));
            }
            return parts;
        }
        if (daysFrom.isAfter(from)) {
            parts.add(new Part(from, daysFrom));
        }
        if (to.isAfter(daysTo)) {
            parts.add(new Part(daysTo, to));
        }
        return parts;
    }
}
