package io.darkwatch.streams.detect;

import io.darkwatch.common.anomaly.AnomalyDetails;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.anomaly.Severity;
import io.darkwatch.streams.settings.DetectorSettings;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a detector's window-by-window verdicts into episodes with one OPEN, a few ONGOING and one
 * RESOLVED event, all under one stable id.
 *
 * <ul>
 *   <li>OPEN after {@code episode.open-after-windows} anomalous windows in a row; the episode
 *       starts at the first of them (the onset), not at the window that tipped it.</li>
 *   <li>ONGOING on an anomalous window once at least {@code episode.update-every-windows} windows
 *       have passed since the last event.</li>
 *   <li>RESOLVED after {@code episode.resolve-after-windows} windows in a row that are not
 *       anomalous; the episode ends at the end of its last anomalous window.</li>
 * </ul>
 * Id: {@code <detector>-<country>-<episode start, epoch seconds>}, e.g.
 * {@code backscatter-surge-UA-1645678800}: stable across the episode's events and across restarts,
 * and unique because one detector has at most one open episode per country.
 */
public final class EpisodeTracker {

    /** The state after a window, and the event to publish, if any. */
    public record Step(EpisodeState next, Optional<Anomaly> event) {
    }

    private final DetectorSettings settings;

    public EpisodeTracker(DetectorSettings settings) {
        this.settings = settings;
    }

    public Step step(Detector detector, EpisodeState state, WindowObservation window, Evaluation evaluation) {
        return state.open() ? stepOpen(detector, state, window, evaluation)
                : stepClosed(detector, state, window, evaluation);
    }

    private Step stepClosed(Detector detector, EpisodeState s, WindowObservation w, Evaluation e) {
        if (!e.anomalous()) {
            return new Step(EpisodeState.IDLE, Optional.empty());
        }
        int run = s.pendingRun() + 1;
        long start = s.pendingRun() == 0 ? w.windowStartMillis() : s.pendingStartMillis();
        Severity worst = worse(s.worst(), e.severity());
        double peak = peak(detector, s.pendingRun() == 0 ? Double.NaN : s.peakObserved(), e.observed());
        if (run < settings.episodeOpenAfterWindows()) {
            return new Step(new EpisodeState(run, start, false, -1, -1, run, 0, 0, worst, peak), Optional.empty());
        }
        EpisodeState opened = new EpisodeState(0, -1, true, start, w.windowEndMillis(), run, 0, 0, worst, peak);
        Map<String, Object> details = new LinkedHashMap<>(e.details());
        details.put(AnomalyDetails.ANOMALOUS_WINDOWS, run);
        return new Step(opened, Optional.of(event(detector, opened, w, e, EpisodeStatus.OPEN, worst, null,
                details)));
    }

    private Step stepOpen(Detector detector, EpisodeState s, WindowObservation w, Evaluation e) {
        int sinceReport = s.windowsSinceReport() + 1;
        if (e.anomalous()) {
            Severity worst = worse(s.worst(), e.severity());
            int anomalous = s.anomalousWindows() + 1;
            double peak = peak(detector, s.peakObserved(), e.observed());
            boolean report = sinceReport >= settings.episodeUpdateEveryWindows();
            EpisodeState next = new EpisodeState(0, -1, true, s.episodeStartMillis(), w.windowEndMillis(),
                    anomalous, 0, report ? 0 : sinceReport, worst, peak);
            if (!report) {
                return new Step(next, Optional.empty());
            }
            Map<String, Object> details = new LinkedHashMap<>(e.details());
            details.put(AnomalyDetails.ANOMALOUS_WINDOWS, anomalous);
            return new Step(next, Optional.of(event(detector, next, w, e, EpisodeStatus.ONGOING, e.severity(),
                    null, details)));
        }
        int normalRun = s.normalRun() + 1;
        if (normalRun < settings.episodeResolveAfterWindows()) {
            return new Step(new EpisodeState(0, -1, true, s.episodeStartMillis(), s.lastAnomalousEndMillis(),
                    s.anomalousWindows(), normalRun, sinceReport, s.worst(), s.peakObserved()), Optional.empty());
        }
        Instant start = Instant.ofEpochMilli(s.episodeStartMillis());
        Instant end = Instant.ofEpochMilli(s.lastAnomalousEndMillis());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(AnomalyDetails.DURATION_SECONDS, (s.lastAnomalousEndMillis() - s.episodeStartMillis()) / 1000);
        details.put(AnomalyDetails.ANOMALOUS_WINDOWS, s.anomalousWindows());
        details.put(AnomalyDetails.PEAK_OBSERVED, s.peakObserved());
        // "recovered": the signal is back to normal; "no-baseline": the detector can no longer judge,
        // e.g. an outage outlasted the baseline history and its level became the new normal.
        details.put(AnomalyDetails.RESOLUTION, e.verdict() == Verdict.NORMAL ? "recovered" : "no-baseline");
        return new Step(EpisodeState.IDLE, Optional.of(event(detector, s, w, e, EpisodeStatus.RESOLVED, s.worst(),
                end, details)));
    }

    private static Anomaly event(Detector detector, EpisodeState episode, WindowObservation w, Evaluation e,
            EpisodeStatus status, Severity severity, Instant episodeEnd, Map<String, Object> details) {
        return new Anomaly(Anomaly.CURRENT_VERSION, episodeId(detector, w.country(), episode.episodeStartMillis()),
                detector.type(), w.country(), w.window().windowStart(), w.window().windowEnd(), status, severity,
                e.observed(), finite(e.expected()), finite(e.score()), detector.name(),
                Instant.ofEpochMilli(episode.episodeStartMillis()), episodeEnd, details);
    }

    // A window without a baseline (only possible on RESOLVED, see "resolution") has no expected value or
    // score; JSON has no NaN, so such an event carries 0 and says why in its details.
    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0.0;
    }

    public static String episodeId(Detector detector, String country, long episodeStartMillis) {
        return detector.name() + "-" + country + "-" + Math.floorDiv(episodeStartMillis, 1000L);
    }

    private static Severity worse(Severity a, Severity b) {
        if (a == null) {
            return b;
        }
        return b != null && b.compareTo(a) > 0 ? b : a;
    }

    // Surges peak high, outages low: keep the observation furthest from normal in the detector's direction.
    private static double peak(Detector detector, double previous, double observed) {
        if (Double.isNaN(previous)) {
            return observed;
        }
        return detector.type() == AnomalyType.OUTAGE ? Math.min(previous, observed)
                : Math.max(previous, observed);
    }
}
