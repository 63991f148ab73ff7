package io.darkwatch.streams.detect;

import io.darkwatch.common.anomaly.AnomalyDetails;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.streams.settings.DetectorSettings;
import java.util.LinkedHashMap;
import java.util.Map;

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
 * <p>Judged by the {@link SurgeTest} backscatter surges use, with its own thresholds
 * ({@code scan.min-packets}, {@code scan.min-ratio}, {@code scan.min-score}). Reported as
 * SCAN_SURGE; off unless {@code scan.enabled}.
 */
public final class ScanSurgeDetector implements Detector {
    public static final String NAME = "scan-surge";
    /** Details key: {@code [{port, packets}]}, the most scanned destination ports in the window. */
    public static final String SCANNED_PORTS = AnomalyDetails.SCANNED_PORTS;
    /** Details key: all scan packets (TCP SYN without ACK) of the country in the window. */
    public static final String SCAN_PACKETS = AnomalyDetails.SCAN_PACKETS;

    private final DetectorSettings settings;
    private final AnomalyType type;

    public ScanSurgeDetector(DetectorSettings settings) {
        this(settings, AnomalyType.SCAN_SURGE);
    }

    /** With another type: lets tests tell this detector's episodes apart. */
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
        return type;
    }

    @Override
    public long signal(WindowObservation window) {
        return window.topScanPortPackets();
    }

    @Override
    public Evaluation evaluate(WindowObservation window, TrailingHistory history) {
        SurgeTest test = new SurgeTest(settings.scanMinPackets(), settings.scanMinRatio(), settings.scanMinScore());
        return test.judge(signal(window), history.unflaggedValues(), settings.baselineMinWindows(), baseline -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put(AnomalyDetails.BASELINE, baseline);
            details.put(SCAN_PACKETS, window.window().scan());
            details.put(SCANNED_PORTS, DetailLists.top(window.scanPorts(), AnomalyDetails.PORT));
            return details;
        });
    }
}
