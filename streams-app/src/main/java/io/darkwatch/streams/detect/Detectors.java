package io.darkwatch.streams.detect;

import io.darkwatch.streams.settings.DetectorSettings;
import java.util.List;

/** The detectors darkwatch runs. Register a new one here. */
public final class Detectors {

    private Detectors() {
    }

    public static List<Detector> standard(DetectorSettings settings) {
        return List.of(new BackscatterSurgeDetector(settings), new OutageDetector(settings));
    }
}
