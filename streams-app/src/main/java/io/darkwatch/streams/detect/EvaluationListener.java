package io.darkwatch.streams.detect;

import io.darkwatch.streams.settings.DetectorSettings;

/**
 * Told about every judgement {@link CountryMonitor} makes, anomalous or not, so that what the
 * detectors saw (signal, baseline, the thresholds in force) can be shown beside the events they
 * raise, e.g. as gauges for dashboards. Called on the stream thread that evaluates the window, in
 * window order per country; implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface EvaluationListener {
    /** Listens to nothing. */
    EvaluationListener NONE = (detector, window, evaluation, settings) -> { };

    /**
     * @param detector   the detector that judged
     * @param window     the window it judged (a silent window filled in for a gap, too)
     * @param evaluation its finding
     * @param settings   the settings it judged with (the country's effective settings)
     */
    void evaluated(Detector detector, WindowObservation window, Evaluation evaluation, DetectorSettings settings);
}
