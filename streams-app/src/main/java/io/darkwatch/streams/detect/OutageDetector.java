package io.darkwatch.streams.detect;

import io.darkwatch.common.anomaly.AnomalyDetails;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.Severity;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.settings.OutageSignal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A country goes (nearly) dark: its packets fall far below its trailing median, as IODA's
 * telescope signal does in a shutdown.
 *
 * <p>Signal ({@code outage.signal}): the country's packets that are not backscatter, or the number
 * of distinct source addresses of those packets, IODA's telescope signal. Backscatter is the reply
 * of victims to spoofed traffic from elsewhere, so its surges and lulls say nothing about whether
 * the country's own hosts are reachable; IODA leaves it out for the same reason. Counting sources
 * instead of packets keeps one heavy scanner from hiding a country's silence (or, when it stops,
 * from faking one). Each signal has its own history ({@link #historyName()}).
 *
 * <p>Baseline: the median of the non-anomalous trailing windows; once the history holds
 * {@code outage.daily-baseline-days} days, the median of the non-anomalous windows at the same time
 * of day (±30 minutes) on those days, so that a country whose nights are quiet is judged against its
 * nights ({@link SameTimeOfDay}). The details say which ({@value #BASELINE_KIND}). Warning at or below
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
    /** Details key: {@value #TRAILING} or {@value #TIME_OF_DAY}, the baseline the window was judged by. */
    public static final String BASELINE_KIND = AnomalyDetails.BASELINE_KIND;
    public static final String TRAILING = "trailing";
    public static final String TIME_OF_DAY = "time-of-day";

    private final DetectorSettings settings;
    private final SameTimeOfDay sameTimeOfDay;

    public OutageDetector(DetectorSettings settings) {
        this.settings = settings;
        this.sameTimeOfDay = new SameTimeOfDay(settings.windowSizeMillis(), settings.outageDailyBaselineDays());
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
    public String historyName() {
        // "outage" for packets, as before the choice existed, so that stored histories keep serving.
        return settings.outageSignal() == OutageSignal.PACKETS ? NAME
                : NAME + "@" + settings.outageSignal().text();
    }

    @Override
    public long signal(WindowObservation window) {
        return switch (settings.outageSignal()) {
            case PACKETS -> window.outagePackets();
            case UNIQUE_SOURCES -> window.uniqueSources();
        };
    }

    @Override
    public Evaluation evaluate(WindowObservation window, TrailingHistory history) {
        long observed = signal(window);
        long[] normal = history.unflaggedValues();
        if (normal.length < settings.baselineMinWindows()) {
            return Evaluation.noBaseline(observed);
        }
        long[] daily = sameTimeOfDay.values(history);
        boolean byTimeOfDay = daily.length > 0;
        double baseline = RobustStats.median(byTimeOfDay ? daily : normal);
        if (baseline < settings.outageMinBaseline()) {
            return Evaluation.noBaseline(observed);
        }
        double ratio = observed / baseline;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(AnomalyDetails.BASELINE, baseline);
        details.put(BASELINE_KIND, byTimeOfDay ? TIME_OF_DAY : TRAILING);
        details.put(AnomalyDetails.RATIO, ratio);
        details.put(AnomalyDetails.DROP_RATIO, 1.0 - ratio);
        Severity severity = ratio <= settings.outageCriticalRatio() ? Severity.CRITICAL
                : ratio <= settings.outageWarningRatio() ? Severity.WARNING : null;
        return new Evaluation(severity == null ? Verdict.NORMAL : Verdict.ANOMALOUS, severity, observed, baseline,
                1.0 - ratio, details);
    }
}
