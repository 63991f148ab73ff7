package io.darkwatch.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.anomaly.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryPrinterTest {

    private static Anomaly event(AnomalyType type, EpisodeStatus status) {
        Instant start = Instant.parse("2022-01-05T10:30:00Z");
        return new Anomaly(1, type + "-KZ", type, "KZ", start, start.plusSeconds(300), status, Severity.CRITICAL, 0,
                95, 1, "outage", start, null, Map.of());
    }

    @Test
    void shouldCountAnomaliesByTypeAndStatus() {
        String line = SummaryPrinter.anomalies(List.of(
                event(AnomalyType.OUTAGE, EpisodeStatus.OPEN),
                event(AnomalyType.OUTAGE, EpisodeStatus.ONGOING),
                event(AnomalyType.OUTAGE, EpisodeStatus.ONGOING),
                event(AnomalyType.BACKSCATTER_SURGE, EpisodeStatus.OPEN)));

        assertEquals("BACKSCATTER_SURGE 1 (OPEN 1), OUTAGE 3 (OPEN 1, ONGOING 2)", line);
    }

    @Test
    void shouldSayNoneWhenNothingWasFound() {
        assertEquals("none", SummaryPrinter.anomalies(List.of()));
    }

    @Test
    void shouldWriteDurationsForPeople() {
        assertEquals("120 h 0 min", SummaryPrinter.human(Duration.ofDays(5)));
        assertEquals("35 h 59 min", SummaryPrinter.human(Duration.ofHours(35).plusMinutes(59)));
        assertEquals("4 min 2 s", SummaryPrinter.human(Duration.ofSeconds(242)));
    }
}
