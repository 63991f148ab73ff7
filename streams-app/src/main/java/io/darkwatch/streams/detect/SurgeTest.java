package io.darkwatch.streams.detect;

import io.darkwatch.common.anomaly.AnomalyDetails;
import io.darkwatch.common.anomaly.Severity;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * The rise test every surge detector makes (backscatter, scanned port, port sweep): the window's
 * count against the median of the country's normal history, with a robust z-score whose spread is
 * at least the Poisson noise √baseline, so that small counts do not alarm.
 *
 * <p>Anomalous when observed ≥ {@code minCount}, ≥ {@code minRatio} × baseline and score ≥
 * {@code minScore}; CRITICAL when all three hold at twice those levels.
 *
 * @param minCount smallest count that can be a surge
 * @param minRatio smallest multiple of the baseline
 * @param minScore smallest robust z-score
 */
record SurgeTest(double minCount, double minRatio, double minScore) {

    /**
     * @param details the detector's details, asked for only when the window is anomalous (they may be costly)
     */
    Evaluation judge(long observed, long[] normal, int minWindows,
            DoubleFunction<Map<String, Object>> details) {
        if (normal.length < minWindows) {
            return Evaluation.noBaseline(observed);
        }
        double baseline = RobustStats.median(normal);
        double spread = Math.max(RobustStats.MAD_TO_SD * RobustStats.mad(normal, baseline),
                Math.sqrt(Math.max(baseline, 1.0)));
        double score = (observed - baseline) / spread;
        boolean anomalous = observed >= minCount && observed >= minRatio * baseline && score >= minScore;
        if (!anomalous) {
            return new Evaluation(Verdict.NORMAL, null, observed, baseline, score,
                    Map.of(AnomalyDetails.BASELINE, baseline));
        }
        boolean critical = observed >= 2 * minCount && observed >= 2 * minRatio * baseline && score >= 2 * minScore;
        return new Evaluation(Verdict.ANOMALOUS, critical ? Severity.CRITICAL : Severity.WARNING, observed, baseline,
                score, details.apply(baseline));
    }
}
