package io.darkwatch.streams.detect;

import io.darkwatch.common.anomaly.AnomalyDetails;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.Severity;
import io.darkwatch.streams.settings.DetectorSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One source netblock of a country sweeps many destination ports: service mapping (nmap-style) far
 * wider than the country's scanners usually go. The other face of scanning beside
 * {@link ScanSurgeDetector}'s wave on one port, and reported with the same type, SCAN_SURGE.
 *
 * <p>Signal: the most distinct destination ports one /24 (IPv6 /48) of the country scanned in the
 * window, counted exactly up to 64 ports and estimated (±2.3 %) beyond. Judged against the country's
 * own history of that number like the other surges: anomalous when it is at least
 * {@code sweep.min-ports}, at least {@code sweep.min-ratio} × baseline and its score
 * (observed − baseline) / max(1.4826 × MAD, √baseline) at least {@code sweep.min-score}; CRITICAL at
 * twice all three. Runs only with {@code scan.enabled}.
 */
public final class ScanSweepDetector implements Detector {
    public static final String NAME = "scan-sweep";
    /** Details key: {@code [{netblock, ports}]}, the netblocks that scanned the most ports in the window. */
    public static final String SWEEPING_NETBLOCKS = AnomalyDetails.SWEEPING_NETBLOCKS;
    /** Inside SWEEPING_NETBLOCKS entries. */
    public static final String NETBLOCK = "netblock";
    /** Inside SWEEPING_NETBLOCKS entries: distinct destination ports. */
    public static final String PORTS = "ports";

    private final DetectorSettings settings;
    private final AnomalyType type;

    public ScanSweepDetector(DetectorSettings settings) {
        this(settings, ScanSurgeDetector.TYPE.orElse(null));
    }

    /** With a stand-in type: lets tests run episodes before common has SCAN_SURGE. */
    ScanSweepDetector(DetectorSettings settings, AnomalyType type) {
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
        return window.topNetblockPorts();
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
        double ratio = settings.sweepMinRatio();
        boolean anomalous = observed >= settings.sweepMinPorts()
                && observed >= ratio * baseline
                && score >= settings.sweepMinScore();
        if (!anomalous) {
            return new Evaluation(Verdict.NORMAL, null, observed, baseline, score,
                    Map.of(AnomalyDetails.BASELINE, baseline));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(AnomalyDetails.BASELINE, baseline);
        details.put(SWEEPING_NETBLOCKS, window.scanNetblocks().entrySet().stream().map(e -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put(NETBLOCK, e.getKey());
            entry.put(PORTS, e.getValue());
            return entry;
        }).toList());
        boolean critical = observed >= 2 * settings.sweepMinPorts()
                && observed >= 2 * ratio * baseline
                && score >= 2 * settings.sweepMinScore();
        return new Evaluation(Verdict.ANOMALOUS, critical ? Severity.CRITICAL : Severity.WARNING, observed,
                baseline, score, details);
    }
}
