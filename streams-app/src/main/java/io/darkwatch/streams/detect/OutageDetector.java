package io.darkwatch.streams.detect;

import io.darkwatch.common.anomaly.AnomalyDetails;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.Severity;
import io.darkwatch.streams.settings.DetectorSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A country goes (nearly) dark: its packets fall far below its trailing median, as IODA's
 * telescope signal does in a shutdown.
 *
 * <p>Signal: the country's packets that are not backscatter. Backscatter is the reply of victims
 * to spoofed traffic from elsewhere, so its surges and lulls say nothing about whether the
 * country's own hosts are reachable; IODA's telescope signal leaves it out for the same reason.
 *
 * <p>Baseline: the median of the non-anomalous trailing windows. Warning at or below
 * {@code outage.warning-ratio} × baseline, critical at or below {@code outage.critical-ratio} ×
 * baseline, IODA's 25 % and 10 %. No claim while the history has fewer than
 * {@code baseline.min-windows} normal windows or the baseline is below
 * {@code outage.min-baseline}: for a small baseline a quarter of it is within Poisson noise.
 * Unlike watchtower-sentry's {@code > 15} test on the <em>current</em> value, nothing here asks the
 * current window to have traffic, so a drop to zero is found. Score: the fraction of the baseline
 * that is missing, 1 − observed / baseline.
 */
public final class OutageDetector implements Detector {
    public static final String NAME = "outage";

    private final DetectorSettings settings;

    public OutageDetector(DetectorSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AnomalyType type() {
        return AnomalyType.OUTAGE;
    }

    @Override
    public long signal(WindowObservation window) {
        return Math.max(0, window.window().packets() - window.window().backscatter());
    }

    @Override
    public Evaluation evaluate(WindowObservation window, TrailingHistory history) {
        long observed = signal(window);
        long[] normal = history.unflaggedValues();
        if (normal.length < settings.baselineMinWindows()) {
            return Evaluation.noBaseline(observed);
        }
        double baseline = RobustStats.median(normal);
        if (baseline < settings.outageMinBaseline()) {
            return Evaluation.noBaseline(observed);
        }
        double ratio = observed / baseline;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(AnomalyDetails.BASELINE, baseline);
        details.put(AnomalyDetails.RATIO, ratio);
        details.put(AnomalyDetails.DROP_RATIO, 1.0 - ratio);
        Severity severity = ratio <= settings.outageCriticalRatio() ? Severity.CRITICAL
                : ratio <= settings.outageWarningRatio() ? Severity.WARNING : null;
        return new Evaluation(severity == null ? Verdict.NORMAL : Verdict.ANOMALOUS, severity, observed, baseline,
                1.0 - ratio, details);
    }
}
