package io.darkwatch.capture.read;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A source of captured frames, read on one thread.
 *
 * <p>A reader never throws for a damaged file once it is open: whatever can be read is returned,
 * and {@link #truncation()} then says why the file ended early.
 */
public interface CaptureReader extends AutoCloseable {

    /** The next frame, or {@code null} at the end of the capture (also after a read error, see {@link #truncation()}). */
    CaptureFrame next();

    /** Empty when the capture ended normally; otherwise why it ended early (one line). */
    Optional<String> truncation();

    /** Frames returned by {@link #next()} so far. */
    long framesRead();

    /**
     * Frames the file holds but the reader could not deliver (for example a timestamp that cannot be
     * represented); they are counted rather than silently lost.
     */
    long framesSkipped();

    /** Size of the capture in bytes, when it is a file. */
    OptionalLong sizeBytes();

    /**
     * Bytes of the capture consumed so far, for a progress bar; see the implementation for how exact
     * it is. Equal to {@link #sizeBytes()} once the end is reached.
     */
    long bytesConsumed();

    /** Releases the capture; never throws. */
    @Override
    void close();
}
