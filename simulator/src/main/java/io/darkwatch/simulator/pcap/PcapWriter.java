package io.darkwatch.simulator.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a classic libpcap file (not pcapng): 24-byte global header, then a 16-byte record header
 * per frame. Little-endian, as libpcap writes on x86, so the magic reads back as a1b2c3d4 (µs) or
 * a1b23c4d (ns). Link type Ethernet. Records go through a 1 MiB buffer straight to a FileChannel,
 * which writes millions of small frames per second.
 */
public final class PcapWriter implements AutoCloseable {
    /** LINKTYPE_ETHERNET. */
    public static final int LINKTYPE_ETHERNET = 1;
    public static final int SNAPLEN = 65_535;
    public static final int GLOBAL_HEADER_LENGTH = 24;
    public static final int RECORD_HEADER_LENGTH = 16;

    private static final int BUFFER_SIZE = 1 << 20;
    /** pcap stores seconds as an unsigned 32-bit number. */
    private static final long MAX_SECONDS = 0xffff_ffffL;

    private final FileChannel channel;
    private final TimestampPrecision precision;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private long packets;
    private long bytes;
    private long lastTimestampNanos = Long.MIN_VALUE;

    private PcapWriter(FileChannel channel, TimestampPrecision precision) {
        this.channel = channel;
        this.precision = precision;
    }

    /** Creates (or truncates) {@code file} and writes the global header. */
    public static PcapWriter create(Path file, TimestampPrecision precision) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        PcapWriter writer = new PcapWriter(channel, precision);
        writer.buffer.putInt(precision.magic());
        writer.buffer.putShort((short) 2); // version 2.4
        writer.buffer.putShort((short) 4);
        writer.buffer.putInt(0); // thiszone: timestamps are UTC
        writer.buffer.putInt(0); // sigfigs
        writer.buffer.putInt(SNAPLEN);
        writer.buffer.putInt(LINKTYPE_ETHERNET);
        writer.bytes = GLOBAL_HEADER_LENGTH;
        return writer;
    }

    /**
     * Appends one frame, captured whole (captured length = original length).
     *
     * @param timestampNanos nanoseconds since the epoch; truncated to µs for a µs file
     * @throws IllegalArgumentException for a timestamp before 1970 or after 2106, or a frame above the snap length
     */
    public void write(long timestampNanos, byte[] frame, int offset, int length) throws IOException {
        if (timestampNanos < 0 || timestampNanos / 1_000_000_000L > MAX_SECONDS) {
            throw new IllegalArgumentException("pcap cannot store timestamp " + timestampNanos + " ns");
        }
        if (length < 0 || length > SNAPLEN) {
            throw new IllegalArgumentException("frame length must be 0.." + SNAPLEN + ", not " + length);
        }
        if (buffer.remaining() < RECORD_HEADER_LENGTH + length) {
            flush();
        }
        long seconds = timestampNanos / 1_000_000_000L;
        int nanos = (int) (timestampNanos % 1_000_000_000L);
        buffer.putInt((int) seconds);
        buffer.putInt(precision.fraction(nanos));
        buffer.putInt(length);
        buffer.putInt(length);
        buffer.put(frame, offset, length);
        packets++;
        bytes += RECORD_HEADER_LENGTH + length;
        lastTimestampNanos = timestampNanos;
    }

    public long packetsWritten() {
        return packets;
    }

    /** File size so far, headers included. */
    public long bytesWritten() {
        return bytes;
    }

    /** Timestamp of the last frame written, {@link Long#MIN_VALUE} before the first. */
    public long lastTimestampNanos() {
        return lastTimestampNanos;
    }

    public TimestampPrecision precision() {
        return precision;
    }

    public void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }
}
