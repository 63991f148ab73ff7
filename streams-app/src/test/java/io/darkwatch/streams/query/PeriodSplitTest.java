package io.darkwatch.streams.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeriodSplitTest {
    private static Instant at(String text) {
        return Instant.parse(text);
    }

    private static List<String> windowParts(PeriodSplit s) {
        return s.windowParts().stream().map(p -> "[" + p.from() + ", " + p.to() + "]").toList();
    }

    @Test
    void shouldAnswerWholeDaysFromTheDailyTotalsAndTheEdgesFromWindows() {
        PeriodSplit s = PeriodSplit.of(at("2025-03-01T22:00:00Z"), at("2025-03-05T01:30:00Z"));

        assertTrue(s.hasDays());
        assertEquals(at("2025-03-02T00:00:00Z"), s.daysFrom());
        assertEquals(at("2025-03-05T00:00:00Z"), s.daysTo());
        assertEquals(List.of("[2025-03-01T22:00:00Z, 2025-03-02T00:00:00Z]",
                "[2025-03-05T00:00:00Z, 2025-03-05T01:30:00Z]"), windowParts(s));
    }

    @Test
    void shouldUseNoWindowsForAPeriodOfWholeDays() {
        PeriodSplit s = PeriodSplit.of(at("2025-01-01T00:00:00Z"), at("2025-04-01T00:00:00Z"));

        assertEquals(at("2025-01-01T00:00:00Z"), s.daysFrom());
        assertEquals(at("2025-04-01T00:00:00Z"), s.daysTo());
        assertEquals(List.of(), windowParts(s));
    }

    @Test
    void shouldUseOnlyWindowsWhenNoWholeDayFitsInThePeriod() {
        PeriodSplit withinADay = PeriodSplit.of(at("2025-03-01T01:00:00Z"), at("2025-03-01T23:00:00Z"));
        PeriodSplit acrossMidnight = PeriodSplit.of(at("2025-03-01T20:00:00Z"), at("2025-03-02T20:00:00Z"));

        assertFalse(withinADay.hasDays());
        assertEquals(List.of("[2025-03-01T01:00:00Z, 2025-03-01T23:00:00Z]"), windowParts(withinADay));
        assertFalse(acrossMidnight.hasDays());
        assertEquals(List.of("[2025-03-01T20:00:00Z, 2025-03-02T20:00:00Z]"), windowParts(acrossMidnight));
        assertEquals(List.of(), windowParts(PeriodSplit.of(at("2025-03-01T20:00:00Z"), at("2025-03-01T20:00:00Z"))));
    }
}
