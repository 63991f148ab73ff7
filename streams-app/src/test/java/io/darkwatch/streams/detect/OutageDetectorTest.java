package io.darkwatch.streams.detect;

import static io.darkwatch.streams.detect.Windows.history;
import static io.darkwatch.streams.detect.Windows.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.darkwatch.common.anomaly.Severity;
import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.streams.settings.DetectorSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutageDetectorTest {
    private static final DetectorSettings SETTINGS = DetectorSettings.defaults().with(Map.of(
            "baseline.min-windows", "12"));
    private final OutageDetector detector = new OutageDetector(SETTINGS);

    @Test
    void shouldFireOnADropToZero() {
        Evaluation e = detector.evaluate(Windows.window("KZ", 50, 0, 0), history(repeat(45, 50)));
        assertEquals(Verdict.ANOMALOUS, e.verdict());
        assertEquals(Severity.CRITICAL, e.severity());
        assertEquals(0.0, e.observed());
        assertEquals(45.0, e.expected());
        assertEquals(1.0, e.score());
        assertEquals(1.0, e.details().get("dropRatio"));
    }

    @Test
    void shouldWarnAtAQuarterAndBeCriticalAtATenthOfTheBaseline() {
        TrailingHistory h = history(repeat(100, 50));
        assertEquals(Verdict.NORMAL, detector.evaluate(Windows.window("KZ", 50, 26, 0), h).verdict());
        assertEquals(Severity.WARNING, detector.evaluate(Windows.window("KZ", 50, 25, 0), h).severity());
        assertEquals(Severity.WARNING, detector.evaluate(Windows.window("KZ", 50, 11, 0), h).severity());
        assertEquals(Severity.CRITICAL, detector.evaluate(Windows.window("KZ", 50, 10, 0), h).severity());
    }

    @Test
    void shouldClaimNothingWhileTheBaselineIsTooSmallOrTooShort() {
        assertEquals(Verdict.NO_BASELINE, detector.evaluate(Windows.window("TV", 50, 0, 0),
                history(repeat(19, 50))).verdict());
        assertEquals(Verdict.NO_BASELINE, detector.evaluate(Windows.window("KZ", 11, 0, 0),
                history(repeat(100, 11))).verdict());
    }

    @Test
    void shouldNotCountBackscatterAsTheCountrysOwnTraffic() {
        // Given a country whose own traffic is 100 a window, When it is gone but its victims still answer 90
        Evaluation e = detector.evaluate(Windows.window("KZ", 50, 95, 90), history(repeat(100, 50)));
        // Then the 5 packets of its own are what is judged
        assertEquals(5.0, e.observed());
        assertEquals(Severity.CRITICAL, e.severity());
    }

    @Test
    void shouldKeepTheLevelBeforeTheOutageAsItsBaseline() {
        TrailingHistory h = new TrailingHistory(100);
        for (int i = 0; i < 30; i++) {
            h.add(80, false);
        }
        for (int i = 0; i < 40; i++) {
            h.add(0, true);
        }
        Evaluation e = detector.evaluate(Windows.window("KZ", 70, 0, 0), h);
        assertEquals(80.0, e.expected());
        assertEquals(Verdict.ANOMALOUS, e.verdict());
    }

    @Test
    void shouldJudgeUniqueSourcesInsteadOfPacketsWhenConfigured() {
        // Given a country whose 60 sources a window are down to 3, while one of them sends 500 packets
        OutageDetector bySources = new OutageDetector(SETTINGS.with(Map.of("outage.signal", "unique-sources")));
        CountryWindow cw = Windows.window("KZ", 50, 500, 0).window();
        WindowObservation w = new WindowObservation(cw, 0, 3, Map.of());

        // Then on sources it is a critical outage, on packets it is none
        Evaluation e = bySources.evaluate(w, history(repeat(60, 50)));
        assertEquals(Severity.CRITICAL, e.severity());
        assertEquals(3.0, e.observed());
        assertEquals(Verdict.NORMAL, detector.evaluate(w, history(repeat(400, 50))).verdict());
        // And each signal keeps its own history, the packets' one under the name it always had
        assertEquals("outage", detector.historyName());
        assertEquals("outage@unique-sources", bySources.historyName());
    }
}
