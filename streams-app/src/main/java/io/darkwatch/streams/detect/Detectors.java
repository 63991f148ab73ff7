package io.darkwatch.streams.detect;

import io.darkwatch.streams.settings.DetectorSettings;
import java.util.List;

/** The detectors darkwatch runs. Register a new one here. */
public final class Detectors {
    /** The names of {@link #standard}'s detectors, in the order they run (config scopes name them). */
    public static final List<String> NAMES = standard(DetectorSettings.defaults()).stream().map(Detector::name)
            .toList();

    private Detectors() {
    }

    public static List<Detector> standard(DetectorSettings settings) {
        return List.of(new BackscatterSurgeDetector(settings), new OutageDetector(settings));
    }
}
