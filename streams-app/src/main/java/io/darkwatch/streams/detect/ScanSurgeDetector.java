package io.darkwatch.streams.detect;

import io.darkwatch.common.anomaly.AnomalyDetails;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.Severity;
import io.darkwatch.streams.settings.DetectorSettings;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Scanning from a country surges on one destination port, such as an infection wave on 23/TCP
 * (Mirai) or a new exploit's port: its SYNs without ACK far above the country's own level. Scans
 * are neither backscatter (no victim answers) nor a sign of outage, so they get their own type.
 *
 * <p>Signal: the scan packets of the country's most scanned destination port in the window.
 * Following the top port rather than each port keeps one history per country, and it is what a
 * wave moves: the wave's port becomes the top port. A wave on a port that stays below the usual
 * top port's level times {@code scan.min-ratio} is not seen; that is the price of one history.
 *
 * <p>Judged like backscatter surges, with its own thresholds: baseline the median of the
 * non-anomalous trailing windows, spread max(1.4826 × MAD, √baseline), anomalous when the top port
 * has at least {@code scan.min-packets}, at least {@code scan.min-ratio} × baseline and a score
 * (observed − baseline) / spread of at least {@code scan.min-score}; CRITICAL at twice all three.
 *
 * <p>Its anomaly type, SCAN_SURGE, is not in this build's darkwatch-common yet: it is looked up by
 * name, and {@code scan.enabled} (default false) is refused at start-up while it is missing.
 */
public final class ScanSurgeDetector implements Detector {
    public static final String NAME = "scan-surge";
    /** Details key: {@code [{port, packets}]}, the most scanned destination ports in the window. */
    public static final String SCANNED_PORTS = AnomalyDetails.SCANNED_PORTS;
    /** Details key: all scan packets (TCP SYN without ACK) of the country in the window. */
    public static final String SCAN_PACKETS = AnomalyDetails.SCAN_PACKETS;
    /** The anomaly type of scan surges, when darkwatch-common has it. */
    public static final Optional<AnomalyType> TYPE = Arrays.stream(AnomalyType.values())
            .filter(t -> t.name().equals("SCAN_SURGE")).findFirst();

    private final DetectorSettings settings;
    private final AnomalyType type;

    public ScanSurgeDetector(DetectorSettings settings) {
        this(settings, TYPE.orElse(null));
    }

    /** With a stand-in type: lets tests run episodes before common has SCAN_SURGE. */
    ScanSurgeDetector(DetectorSettings settings, AnomalyType type) {
        this.settings = settings;
        this.type = type;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AnomalyType type() {
        if (type == null) {
            throw new IllegalStateException("darkwatch-common has no AnomalyType SCAN_SURGE; scan.enabled must"
                    + " stay false until it has");
        }
        return type;
    }

    @Override
    public long signal(WindowObservation window) {
        return window.topScanPortPackets();
    }

    @Override
    public Evaluation evaluate(WindowObservation window, TrailingHistory history) {
        long observed = signal(window);
        long[] normal = history.unflaggedValues();
        if (normal.length < settings.baselineMinWindows()) {
            return Evaluation.noBaseline(observed);
        }
        double baseline = RobustStats.median(normal);
        double spread = Math.max(RobustStats.MAD_TO_SD * RobustStats.mad(normal, baseline),
                Math.sqrt(Math.max(baseline, 1.0)));
        double score = (observed - baseline) / spread;
        double ratio = settings.scanMinRatio();
        boolean anomalous = observed >= settings.scanMinPackets()
                && observed >= ratio * baseline
                && score >= settings.scanMinScore();
        if (!anomalous) {
            return new Evaluation(Verdict.NORMAL, null, observed, baseline, score,
                    Map.of(AnomalyDetails.BASELINE, baseline));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(AnomalyDetails.BASELINE, baseline);
        details.put(SCAN_PACKETS, window.window().scan());
        details.put(SCANNED_PORTS, DetailLists.top(window.scanPorts(), AnomalyDetails.PORT));
        boolean critical = observed >= 2 * settings.scanMinPackets()
                && observed >= 2 * ratio * baseline
                && score >= 2 * settings.scanMinScore();
        return new Evaluation(Verdict.ANOMALOUS, critical ? Severity.CRITICAL : Severity.WARNING, observed,
                baseline, score, details);
    }
}
