package io.darkwatch.capture.read;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng: a sequence of blocks (type, total length, body, total length again), sections started by
 * a Section Header Block that also fixes the byte order. See {@link JavaPcapReader} for the rules.
 */
final class PcapngBlockParser extends FrameParser {
    static final int SECTION_HEADER = 0x0a0d0d0a;
    private static final int INTERFACE_DESCRIPTION = 1;
    private static final int OBSOLETE_PACKET = 2;
    private static final int SIMPLE_PACKET = 3;
    private static final int ENHANCED_PACKET = 6;
    private static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;
    /** libpcap's limit on one block; a larger length field is damage, not data. */
    private static final int MAX_BLOCK_BYTES = 16 << 20;
    private static final int OPTION_END = 0;
    private static final int OPTION_IF_TSRESOL = 9;
    private static final int OPTION_IF_TSOFFSET = 14;

    /** One Interface Description Block of the current section, with its timestamp scale precomputed. */
    private record Interface(int linkType, int snaplen, int resolution, long offsetSeconds) {
        boolean binary() {
            return (resolution & 0x80) != 0;
        }

        int exponent() {
            return resolution & 0x7f;
        }
    }

    private final Path file;
    private final List<Interface> interfaces = new ArrayList<>();
    private long frames;

    private PcapngBlockParser(Path file, InputBuffer in) {
        super(in);
        this.file = file;
    }

    /** Checks the first Section Header Block; the buffer stays at its start, for {@link #next()} to read it. */
    static PcapngBlockParser open(Path file, InputBuffer in) throws IOException {
        if (!in.request(16)) {
            throw new CaptureFileException(file, "not a pcap or pcapng file: the pcapng section header is cut short");
        }
        if (byteOrderOf(in) == null) {
            throw new CaptureFileException(file, String.format(
                    "not a pcap or pcapng file: bad pcapng byte-order magic 0x%08x", in.i32(8)));
        }
        in.order(byteOrderOf(in));
        int major = in.u16(12);
        if (major != 1) {
            throw new UnsupportedCaptureException(file, "pcapng version " + major + "." + in.u16(14)
                    + " is not read by the Java reader");
        }
        return new PcapngBlockParser(file, in);
    }

    private static ByteOrder byteOrderOf(InputBuffer in) {
        in.order(ByteOrder.LITTLE_ENDIAN);
        int magic = in.i32(8);
        if (magic == BYTE_ORDER_MAGIC) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC) {
            return ByteOrder.BIG_ENDIAN;
        }
        return null;
    }

    @Override
    CaptureFrame next() throws IOException, CorruptCaptureException {
        while (true) {
            if (!in.request(8)) {
                if (in.available() == 0) {
                    return null;
                }
                throw new CorruptCaptureException("truncated pcapng block header: " + in.available() + " of 8 bytes");
            }
            int type = in.i32(0);
            if (type == SECTION_HEADER) {
                startSection();
            }
            int length = in.i32(4);
            if (length < 12 || (length & 3) != 0 || length > MAX_BLOCK_BYTES) {
                throw new CorruptCaptureException(String.format("pcapng block of type 0x%x has a bad length %d",
                        type, Integer.toUnsignedLong(length)));
            }
            if (!in.request(length)) {
                throw new CorruptCaptureException(String.format(
                        "truncated pcapng block of type 0x%x: %d of %d bytes", type, in.available(), length));
            }
            if (in.i32(length - 4) != length) {
                throw new CorruptCaptureException(String.format(
                        "pcapng block of type 0x%x: trailing length %d differs from leading length %d", type,
                        Integer.toUnsignedLong(in.i32(length - 4)), length));
            }
            CaptureFrame frame = switch (type) {
                case INTERFACE_DESCRIPTION -> {
                    interfaces.add(readInterface(length));
                    yield null;
                }
                case ENHANCED_PACKET -> packet(in.i32(8), in.i32(12), in.i32(16), in.i32(20), in.i32(24), 28, length);
                case OBSOLETE_PACKET -> packet(in.u16(8), in.i32(12), in.i32(16), in.i32(20), in.i32(24), 28, length);
                case SIMPLE_PACKET -> simplePacket(length);
                default -> null; // SHB (handled above), name resolution, statistics, custom, …: skipped
            };
            in.advance(length);
            if (frame != null) {
                return frame;
            }
        }
    }

    private void startSection() throws IOException, CorruptCaptureException {
        if (!in.request(16)) {
            throw new CorruptCaptureException("truncated pcapng section header");
        }
        ByteOrder order = byteOrderOf(in);
        if (order == null) {
            throw new CorruptCaptureException(String.format("pcapng section header with bad byte-order magic 0x%08x",
                    in.i32(8)));
        }
        in.order(order);
        if (in.u16(12) != 1) {
            throw new CorruptCaptureException("pcapng section of version " + in.u16(12) + "." + in.u16(14)
                    + " is not read by the Java reader");
        }
        interfaces.clear();
    }

    private Interface readInterface(int length) throws CorruptCaptureException {
        if (length < 20) {
            throw new CorruptCaptureException("pcapng interface description block of " + length + " bytes");
        }
        int linkType = dltOf(in.u16(8));
        int snaplen = in.i32(12);
        int resolution = 6;
        long offset = 0;
        int at = 16;
        int end = length - 4;
        while (at + 4 <= end) {
            int code = in.u16(at);
            int optionLength = in.u16(at + 2);
            if (code == OPTION_END || at + 4 + optionLength > end) {
                break;
            }
            if (code == OPTION_IF_TSRESOL && optionLength >= 1) {
                resolution = in.u8(at + 4);
            } else if (code == OPTION_IF_TSOFFSET && optionLength >= 8) {
                offset = in.i64(at + 4);
            }
            at += 4 + ((optionLength + 3) & ~3);
        }
        Interface result = new Interface(linkType, snaplen, resolution, offset);
        if (!result.binary() && result.exponent() > 18) {
            throw new CorruptCaptureException("pcapng interface " + interfaces.size() + " has an unsupported"
                    + " timestamp resolution 10^-" + result.exponent());
        }
        return result;
    }

    private CaptureFrame packet(int interfaceId, int tsHigh, int tsLow, int capturedField, int wireField, int dataAt,
            int length) throws CorruptCaptureException {
        frames++;
        Interface nic = interfaceOf(interfaceId);
        if (capturedField < 0 || capturedField > MAX_CAPTURED_LENGTH || capturedField > length - dataAt - 4) {
            throw new CorruptCaptureException("packet " + frames + " claims " + Integer.toUnsignedLong(capturedField)
                    + " captured bytes in a block of " + length);
        }
        long ticks = ((long) tsHigh << 32) | Integer.toUnsignedLong(tsLow);
        long nanos = timestamp(nic, ticks);
        if (nanos == Long.MIN_VALUE) {
            skipped();
            return null;
        }
        return new CaptureFrame(nanos, nic.linkType(), in.copy(dataAt, capturedField), capturedField,
                saturatedLength(wireField));
    }

    /** A Simple Packet Block has no timestamp (0 is delivered, as libpcap does) and uses interface 0. */
    private CaptureFrame simplePacket(int length) throws CorruptCaptureException {
        frames++;
        Interface nic = interfaceOf(0);
        int wire = saturatedLength(in.i32(8));
        int captured = Math.min(wire, length - 16);
        if (nic.snaplen() > 0) {
            captured = Math.min(captured, nic.snaplen());
        }
        if (captured > MAX_CAPTURED_LENGTH) {
            throw new CorruptCaptureException("packet " + frames + " claims " + captured + " captured bytes");
        }
        return new CaptureFrame(0, nic.linkType(), in.copy(12, captured), captured, wire);
    }

    private Interface interfaceOf(int id) throws CorruptCaptureException {
        if (id < 0 || id >= interfaces.size()) {
            throw new CorruptCaptureException("packet " + frames + " refers to interface " + Integer.toUnsignedLong(id)
                    + ", but the section describes " + interfaces.size());
        }
        return interfaces.get(id);
    }

    /** Nanoseconds since the epoch of an unsigned tick count, or {@code Long.MIN_VALUE} when out of range. */
    private static long timestamp(Interface nic, long ticks) {
        int exponent = nic.exponent();
        long seconds;
        long nanos;
        if (nic.binary()) {
            if (exponent >= 64) {
                return Long.MIN_VALUE;
            }
            seconds = exponent == 0 ? ticks : ticks >>> exponent;
            long fraction = exponent == 0 ? 0 : ticks & ((1L << exponent) - 1);
            // fraction × 10^9 / 2^exponent, with the product kept in 128 bits
            long low = fraction * 1_000_000_000L;
            long high = Math.multiplyHigh(fraction, 1_000_000_000L);
            nanos = exponent == 0 ? 0 : (high << (64 - exponent)) | (low >>> exponent);
        } else {
            long unitsPerSecond = POWERS_OF_TEN[exponent];
            seconds = Long.divideUnsigned(ticks, unitsPerSecond);
            long fraction = Long.remainderUnsigned(ticks, unitsPerSecond);
            nanos = exponent <= 9 ? fraction * POWERS_OF_TEN[9 - exponent] : fraction / POWERS_OF_TEN[exponent - 9];
        }
        if (seconds < 0) {
            return Long.MIN_VALUE;
        }
        long shifted = seconds + nic.offsetSeconds();
        if (((seconds ^ shifted) & (nic.offsetSeconds() ^ shifted)) < 0) {
            return Long.MIN_VALUE; // if_tsoffset pushed it past the range of a long
        }
        return epochNanos(shifted, nanos);
    }

    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    @Override
    public String toString() {
        return "pcapng " + file;
    }
}
