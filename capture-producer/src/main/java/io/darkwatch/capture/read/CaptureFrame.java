package io.darkwatch.capture.read;

import java.util.Objects;

/**
 * One frame as the capture file holds it, before any decoding.
 *
 * @param timestampNanos capture time, nanoseconds since the epoch (microsecond files have 000 appended)
 * @param linkType       the file's link-layer type as libpcap reports it (a DLT value: 1 Ethernet, 113 Linux SLL, …)
 * @param data           the captured bytes; only the first {@code capturedLength} are meaningful
 * @param capturedLength bytes captured (may be less than {@code wireLength} when the snapshot length cut the frame)
 * @param wireLength     the frame's length on the wire
 */
public record CaptureFrame(long timestampNanos, int linkType, byte[] data, int capturedLength, int wireLength) {
    public CaptureFrame {
        Objects.requireNonNull(data, "data");
        if (capturedLength < 0 || capturedLength > data.length) {
            throw new IllegalArgumentException("captured length " + capturedLength + " outside 0.." + data.length);
        }
        if (wireLength < 0) {
            throw new IllegalArgumentException("negative wire length " + wireLength);
        }
    }

    /** A frame whose buffer holds exactly the captured bytes. */
    public static CaptureFrame of(long timestampNanos, int linkType, byte[] data, int wireLength) {
        return new CaptureFrame(timestampNanos, linkType, data, data.length, wireLength);
    }
}
