package io.darkwatch.streams.detect;

import io.darkwatch.common.anomaly.AnomalyDetails;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.streams.settings.DetectorSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Victims of spoofed DDoS in a country answer the telescope: its backscatter (SYN/ACK, RST, ICMP
 * replies and errors) rises far above its own trailing baseline.
 *
 * <p>Baseline: the median of the country's non-anomalous trailing windows; spread: 1.4826 × MAD,
 * but never less than √baseline, the Poisson standard deviation, so that a country whose history
 * happens to be flat does not alarm on noise. A window is anomalous when all three hold:
 * <ol>
 *   <li>observed ≥ {@code backscatter.min-packets} (small counts are chance at a small sensor),</li>
 *   <li>observed ≥ {@code backscatter.min-ratio} × baseline (a real surge, not a wobble of a big
 *       country),</li>
 *   <li>score = (observed − baseline) / spread ≥ {@code backscatter.min-score}.</li>
 * </ol>
 * CRITICAL when all three hold at twice their thresholds, else WARNING. The score reported is the
 * robust z-score of rule 3.
 */
public final class BackscatterSurgeDetector implements Detector {
    public static final String NAME = "backscatter-surge";

    private final DetectorSettings settings;

    public BackscatterSurgeDetector(DetectorSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AnomalyType type() {
        return AnomalyType.BACKSCATTER_SURGE;
    }

    @Override
    public long signal(WindowObservation window) {
        return window.window().backscatter();
    }

    @Override
    public Evaluation evaluate(WindowObservation window, TrailingHistory history) {
        SurgeTest test = new SurgeTest(settings.backscatterMinPackets(), settings.backscatterMinRatio(),
                settings.backscatterMinScore());
        return test.judge(signal(window), history.unflaggedValues(), settings.baselineMinWindows(), baseline -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put(AnomalyDetails.BASELINE, baseline);
            details.put(AnomalyDetails.DISTINCT_VICTIMS, window.distinctVictims());
            details.put(AnomalyDetails.SYN_ACK, window.window().synAck());
            details.put(AnomalyDetails.TOP_VICTIMS, DetailLists.victims(window.window().synAckSources(), window.victimAsns()));
            details.put(AnomalyDetails.VICTIM_PORTS, DetailLists.top(window.window().synAckPorts(), AnomalyDetails.PORT));
            details.put(AnomalyDetails.ATTACK_COUNT, window.attackCount());
            details.put(AnomalyDetails.ATTACKS, DetailLists.attacks(window.attacks()));
            return details;
        });
    }
}
