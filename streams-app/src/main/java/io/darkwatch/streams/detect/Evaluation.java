package io.darkwatch.streams.detect;

import io.darkwatch.common.anomaly.Severity;
import java.util.Map;
import java.util.Objects;

/**
 * One detector's finding about one window.
 *
 * @param verdict  anomalous, normal or no claim
 * @param severity only for an anomalous window, else null
 * @param observed the signal in the window
 * @param expected the baseline (NaN when there is none)
 * @param score    detector-specific, larger is worse (NaN when there is no baseline)
 * @param details  facts for the anomaly event (victims, ports, ratios)
 */
public record Evaluation(Verdict verdict, Severity severity, double observed, double expected, double score,
        Map<String, Object> details) {

    public Evaluation {
        Objects.requireNonNull(verdict, "verdict");
        if ((verdict == Verdict.ANOMALOUS) != (severity != null)) {
            throw new IllegalArgumentException("a severity goes with an anomalous verdict and only with it");
        }
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static Evaluation noBaseline(double observed) {
        return new Evaluation(Verdict.NO_BASELINE, null, observed, Double.NaN, Double.NaN, Map.of());
    }

    public boolean anomalous() {
        return verdict == Verdict.ANOMALOUS;
    }
}
