package io.darkwatch.capture.read;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Classic pcap: a 24-byte file header, then records of a 16-byte header and the captured bytes.
 * See {@link JavaPcapReader} for the rules applied.
 */
final class PcapRecordParser extends FrameParser {
    static final int FILE_HEADER_BYTES = 24;
    private static final int RECORD_HEADER_BYTES = 16;
    private static final int MAGIC_MICROS = 0xa1b2c3d4;
    private static final int MAGIC_NANOS = 0xa1b23c4d;

    private final int linkType;
    private final int maxCapturedLength;
    /** Fraction units per second: 10^6 or 10^9. */
    private final long unitsPerSecond;
    private final long nanosPerUnit;
    private long frames;

    private PcapRecordParser(InputBuffer in, int linkType, int snaplen, boolean nanos) {
        super(in);
        this.linkType = linkType;
        // snaplen 0 (some writers) or above the maximum means "no limit below the maximum"
        this.maxCapturedLength = snaplen <= 0 || snaplen > MAX_CAPTURED_LENGTH ? MAX_CAPTURED_LENGTH : snaplen;
        this.unitsPerSecond = nanos ? 1_000_000_000L : 1_000_000L;
        this.nanosPerUnit = nanos ? 1 : 1000;
    }

    /** Whether the first four bytes (read little-endian) are a pcap magic number in either byte order. */
    static boolean isMagic(int littleEndian) {
        return byteOrderOf(littleEndian) != null;
    }

    private static ByteOrder byteOrderOf(int littleEndian) {
        if (littleEndian == MAGIC_MICROS || littleEndian == MAGIC_NANOS) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        int swapped = Integer.reverseBytes(littleEndian);
        if (swapped == MAGIC_MICROS || swapped == MAGIC_NANOS) {
            return ByteOrder.BIG_ENDIAN;
        }
        return null;
    }

    /** Reads the file header; the buffer is positioned at the first record afterwards. */
    static PcapRecordParser open(Path file, InputBuffer in) throws IOException {
        if (!in.request(FILE_HEADER_BYTES)) {
            throw new CaptureFileException(file, "not a pcap or pcapng file: the pcap file header is cut short ("
                    + in.available() + " of " + FILE_HEADER_BYTES + " bytes)");
        }
        in.order(ByteOrder.LITTLE_ENDIAN);
        int magic = in.i32(0);
        ByteOrder order = byteOrderOf(magic);
        in.order(order);
        boolean nanos = in.i32(0) == MAGIC_NANOS;
        int major = in.u16(4);
        int minor = in.u16(6);
        if (major != 2) {
            // libpcap reads 2.x only; 1.x is "archaic". Left to libpcap for its own message.
            throw new UnsupportedCaptureException(file, "pcap version " + major + "." + minor
                    + " is not read by the Java reader");
        }
        int snaplen = in.i32(16);
        // The link-type word's upper 16 bits carry the FCS length and reserved bits, not the link type.
        int linkType = dltOf(in.i32(20) & 0xffff);
        in.advance(FILE_HEADER_BYTES);
        return new PcapRecordParser(in, linkType, snaplen, nanos);
    }

    @Override
    CaptureFrame next() throws IOException, CorruptCaptureException {
        while (true) {
            if (!in.request(RECORD_HEADER_BYTES)) {
                if (in.available() == 0) {
                    return null;
                }
                throw new CorruptCaptureException("truncated record header: " + in.available() + " of "
                        + RECORD_HEADER_BYTES + " bytes");
            }
            long seconds = Integer.toUnsignedLong(in.i32(0));
            long fraction = Integer.toUnsignedLong(in.i32(4));
            int capturedField = in.i32(8);
            int wireField = in.i32(12);
            if (capturedField < 0 || capturedField > maxCapturedLength) {
                throw new CorruptCaptureException("record " + (frames + 1) + " claims "
                        + Integer.toUnsignedLong(capturedField) + " captured bytes, more than the "
                        + (maxCapturedLength == MAX_CAPTURED_LENGTH ? "maximum " : "file's snapshot length ")
                        + maxCapturedLength);
            }
            int captured = capturedField;
            if (!in.request(RECORD_HEADER_BYTES + captured)) {
                throw new CorruptCaptureException("truncated record: its header says " + captured
                        + " captured bytes, only " + (in.available() - RECORD_HEADER_BYTES) + " are left");
            }
            frames++;
            if (fraction >= unitsPerSecond) {
                // Same outcome as the pcap4j reader: such a frame is counted, not delivered.
                in.advance(RECORD_HEADER_BYTES + captured);
                skipped();
                continue;
            }
            byte[] data = in.copy(RECORD_HEADER_BYTES, captured);
            in.advance(RECORD_HEADER_BYTES + captured);
            // seconds < 2^32, so this cannot overflow
            long nanos = seconds * 1_000_000_000L + fraction * nanosPerUnit;
            return new CaptureFrame(nanos, linkType, data, captured, saturatedLength(wireField));
        }
    }
}
