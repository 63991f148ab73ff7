package io.darkwatch.streams.detect;

import static io.darkwatch.streams.detect.Windows.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.anomaly.Severity;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.testing.WindowTraffic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EpisodeTrackerTest {
    private static final DetectorSettings SETTINGS = DetectorSettings.defaults().with(Map.of(
            "episode.open-after-windows", "2", "episode.resolve-after-windows", "3",
            "episode.update-every-windows", "4"));
    private final EpisodeTracker tracker = new EpisodeTracker(SETTINGS);
    private final Detector detector = new OutageDetector(SETTINGS);

    private static Evaluation anomalous(Severity s) {
        return new Evaluation(Verdict.ANOMALOUS, s, 0, 100, 1.0, Map.of("baseline", 100.0));
    }

    private static final Evaluation NORMAL = new Evaluation(Verdict.NORMAL, null, 100, 100, 0, Map.of());

    /** Runs verdicts through the tracker from window 0; returns the events with their window index. */
    private List<Anomaly> run(Evaluation... verdicts) {
        EpisodeState s = EpisodeState.IDLE;
        List<Anomaly> events = new ArrayList<>();
        for (int i = 0; i < verdicts.length; i++) {
            EpisodeTracker.Step step = tracker.step(detector, s, window("KZ", i, 0, 0), verdicts[i]);
            s = step.next();
            step.event().ifPresent(events::add);
        }
        return events;
    }

    private static Instant start(int index) {
        return Instant.ofEpochMilli(WindowTraffic.startOf(index));
    }

    @Test
    void shouldOpenAfterTwoAnomalousWindowsWithTheFirstAsOnset() {
        List<Anomaly> events = run(NORMAL, anomalous(Severity.WARNING), anomalous(Severity.CRITICAL));
        assertEquals(1, events.size());
        Anomaly open = events.get(0);
        assertEquals(EpisodeStatus.OPEN, open.status());
        assertEquals(start(1), open.episodeStart());
        assertEquals(start(2), open.windowStart());
        assertEquals(Severity.CRITICAL, open.severity());
        assertEquals("outage-KZ-" + start(1).getEpochSecond(), open.id());
        assertEquals(AnomalyType.OUTAGE, open.type());
        assertEquals(Anomaly.CURRENT_VERSION, open.version());
        assertEquals(2, open.details().get("anomalousWindows"));
    }

    @Test
    void shouldNotOpenOnAnomalousWindowsThatAreNotInARow() {
        assertEquals(List.of(), run(anomalous(Severity.WARNING), NORMAL, anomalous(Severity.WARNING), NORMAL,
                anomalous(Severity.WARNING)));
    }

    @Test
    void shouldReportOngoingAtMostEveryFourWindowsAndResolveAfterThreeNormalOnes() {
        Evaluation a = anomalous(Severity.CRITICAL);
        List<Anomaly> events = run(a, a, a, a, a, a, a, NORMAL, a, a, NORMAL, NORMAL, NORMAL, NORMAL);
        assertEquals(List.of(EpisodeStatus.OPEN, EpisodeStatus.ONGOING, EpisodeStatus.ONGOING,
                EpisodeStatus.RESOLVED), events.stream().map(Anomaly::status).toList());
        // OPEN at window 1, ONGOING at 5 and 9 (window 8 is the 7th since 1 but only the 3rd since 5)
        assertEquals(List.of(start(1), start(5), start(9), start(12)),
                events.stream().map(Anomaly::windowStart).toList());
        Anomaly resolved = events.get(3);
        assertTrue(events.stream().allMatch(e -> e.id().equals(resolved.id())));
        assertEquals(start(0), resolved.episodeStart());
        assertEquals(start(10), resolved.episodeEnd());
        assertEquals(10 * 300L, resolved.details().get("durationSeconds"));
        assertEquals(9, resolved.details().get("anomalousWindows"));
        assertEquals("recovered", resolved.details().get("resolution"));
    }

    @Test
    void shouldSayWhenAnEpisodeEndedBecauseTheDetectorCouldNoLongerJudge() {
        Evaluation a = anomalous(Severity.CRITICAL);
        Evaluation none = Evaluation.noBaseline(0);
        List<Anomaly> events = run(a, a, none, none, none);
        Anomaly resolved = events.get(events.size() - 1);
        assertEquals(EpisodeStatus.RESOLVED, resolved.status());
        assertEquals("no-baseline", resolved.details().get("resolution"));
        assertEquals(0.0, resolved.expected());
    }

    @Test
    void shouldStartANewEpisodeWithANewIdAfterResolving() {
        Evaluation a = anomalous(Severity.WARNING);
        List<Anomaly> events = run(a, a, NORMAL, NORMAL, NORMAL, a, a);
        assertEquals(List.of(EpisodeStatus.OPEN, EpisodeStatus.RESOLVED, EpisodeStatus.OPEN),
                events.stream().map(Anomaly::status).toList());
        assertEquals(start(5), events.get(2).episodeStart());
        assertTrue(!events.get(0).id().equals(events.get(2).id()));
    }
}
