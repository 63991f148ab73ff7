package io.darkwatch.capture.replay;

import java.time.Duration;

/**
 * Where a replay is, for a progress bar.
 *
 * @param framesRead    frames read so far
 * @param bytesConsumed bytes of the file read so far (see the reader for how exact)
 * @param totalBytes    size of the file, -1 when unknown
 * @param decoded       frames decoded into summaries
 * @param undecodable   frames that could not be decoded
 * @param elapsed       wall time since the replay started
 * @param done          true for the last report, after the end of the file
 */
public record ReplayProgress(long framesRead, long bytesConsumed, long totalBytes, long decoded, long undecodable,
        Duration elapsed, boolean done) {

    /** Fraction of the file read, 0..1, or -1 when the size is unknown. */
    public double fraction() {
        if (totalBytes <= 0) {
            return totalBytes == 0 ? 1.0 : -1.0;
        }
        return Math.min(1.0, (double) bytesConsumed / totalBytes);
    }
}
