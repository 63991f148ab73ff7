package io.darkwatch.simulator;

/** Told about a simulation's progress every {@link Simulator#PROGRESS_INTERVAL} of capture time and at the end. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = progress -> { };

    void onProgress(SimulationProgress progress);
}
