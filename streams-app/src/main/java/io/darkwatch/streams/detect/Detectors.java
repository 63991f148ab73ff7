package io.darkwatch.streams.detect;

import io.darkwatch.streams.settings.DetectorSettings;
import java.util.ArrayList;
import java.util.List;

/** The detectors darkwatch runs. Register a new one here. */
public final class Detectors {
    /**
     * The names of every detector {@link #standard} can run, enabled or not, in the order they run:
     * config scopes name them, and a scope for a detector that is switched off is kept for when it is
     * switched on.
     */
    public static final List<String> NAMES = List.of(BackscatterSurgeDetector.NAME, OutageDetector.NAME,
            ScanSurgeDetector.NAME, ScanSweepDetector.NAME);

    private Detectors() {
    }

    /**
     * The detectors the settings switch on: backscatter and outage always, scan surges and port
     * sweeps with {@code scan.enabled}.
     */
    public static List<Detector> standard(DetectorSettings settings) {
        List<Detector> detectors = new ArrayList<>();
        detectors.add(new BackscatterSurgeDetector(settings));
        detectors.add(new OutageDetector(settings));
        if (settings.scanEnabled()) {
            detectors.add(new ScanSurgeDetector(settings));
            detectors.add(new ScanSweepDetector(settings));
        }
        return List.copyOf(detectors);
    }
}
