package io.darkwatch.capture.replay;

/** Told about a replay's progress about once a second, and once more at the end. Called on the replay thread. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = progress -> {
    };

    void onProgress(ReplayProgress progress);
}
