package io.darkwatch.capture.read;

import java.io.IOException;

/** One on-disk format's record layout, read from an {@link InputBuffer}: pcap or pcapng. */
abstract class FrameParser {
    /**
     * Largest captured length accepted in any record: libpcap's MAXIMUM_SNAPLEN. A larger value is a
     * damaged header, and trusting it would make the reader allocate whatever the header says.
     */
    static final int MAX_CAPTURED_LENGTH = 256 * 1024;

    protected final InputBuffer in;
    private long framesSkipped;

    FrameParser(InputBuffer in) {
        this.in = in;
    }

    /**
     * The next frame, or null at the clean end of the capture.
     *
     * @throws CorruptCaptureException when a record is cut or damaged; nothing more can be read
     */
    abstract CaptureFrame next() throws IOException, CorruptCaptureException;

    long framesSkipped() {
        return framesSkipped;
    }

    protected void skipped() {
        framesSkipped++;
    }

    /** seconds × 10^9 + nanos, or {@code Long.MIN_VALUE} when that does not fit a long (the frame is skipped). */
    static long epochNanos(long seconds, long nanos) {
        if (seconds > Long.MAX_VALUE / 1_000_000_000L - 1 || seconds < Long.MIN_VALUE / 1_000_000_000L + 1) {
            return Long.MIN_VALUE;
        }
        return seconds * 1_000_000_000L + nanos;
    }

    /**
     * The DLT value libpcap on Linux reports for a file's LINKTYPE value, so both readers label frames
     * alike: LINKTYPE_RAW (101) is DLT_RAW (12), LINKTYPE_ATM_RFC1483 (100) is DLT_ATM_RFC1483 (11);
     * every other LINKTYPE value is its DLT value.
     */
    static int dltOf(int linkType) {
        return switch (linkType) {
            case 101 -> 12;
            case 100 -> 11;
            default -> linkType;
        };
    }

    /** A 32-bit unsigned length field as an int, saturating (a wire length never needs more). */
    static int saturatedLength(int field) {
        return field < 0 ? Integer.MAX_VALUE : field;
    }
}
