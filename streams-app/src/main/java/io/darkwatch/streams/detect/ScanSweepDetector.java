package io.darkwatch.streams.detect;

import io.darkwatch.common.anomaly.AnomalyDetails;
import io.darkwatch.common.anomaly.AnomalyType;
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
        this(settings, AnomalyType.SCAN_SURGE);
    }

    /** With another type: lets tests tell this detector's episodes apart. */
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
        return type;
    }

    @Override
    public long signal(WindowObservation window) {
        return window.topNetblockPorts();
    }

    @Override
    public Evaluation evaluate(WindowObservation window, TrailingHistory history) {
        SurgeTest test = new SurgeTest(settings.sweepMinPorts(), settings.sweepMinRatio(), settings.sweepMinScore());
        return test.judge(signal(window), history.unflaggedValues(), settings.baselineMinWindows(), baseline -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put(AnomalyDetails.BASELINE, baseline);
            details.put(SWEEPING_NETBLOCKS, window.scanNetblocks().entrySet().stream().map(e -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put(NETBLOCK, e.getKey());
                entry.put(PORTS, e.getValue());
                return entry;
            }).toList());
            return details;
        });
    }
}
