package io.darkwatch.capture.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;

/**
 * A sequential window over a byte channel for {@link JavaPcapReader}: the parser asks for the next
 * {@code n} bytes with {@link #request}, reads them at offsets relative to the window start, then
 * {@link #advance}s. One direct buffer, refilled by compacting, so a file of any size (beyond 2 GiB
 * too) streams through a fixed amount of memory and no record header costs an allocation; the
 * buffer only grows when one record is larger than it (rare, bounded by the parsers' limits).
 */
final class InputBuffer {
    private static final int DEFAULT_CAPACITY = 4 << 20;

    private final ReadableByteChannel channel;
    private ByteBuffer buffer;
    /** Start of the unconsumed window in {@link #buffer}; the window ends at {@code buffer.limit()}. */
    private int start;
    /** Stream offset of {@link #start}. */
    private long streamPosition;
    private boolean endOfStream;

    InputBuffer(ReadableByteChannel channel) {
        this(channel, DEFAULT_CAPACITY);
    }

    InputBuffer(ReadableByteChannel channel, int capacity) {
        this.channel = channel;
        this.buffer = ByteBuffer.allocateDirect(capacity);
        this.buffer.limit(0);
    }

    void order(ByteOrder order) {
        buffer.order(order);
    }

    ByteOrder order() {
        return buffer.order();
    }

    /** Bytes of the stream consumed by {@link #advance} so far. */
    long position() {
        return streamPosition;
    }

    /** Bytes available in the window without reading more. */
    int available() {
        return buffer.limit() - start;
    }

    /**
     * Makes at least {@code n} bytes available from the window start, reading as needed.
     *
     * @return false when the stream ends first; {@link #available()} then says how many there are
     */
    boolean request(int n) throws IOException {
        if (available() >= n) {
            return true;
        }
        if (endOfStream) {
            return false;
        }
        if (n > buffer.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(n, buffer.capacity() * 2)).order(buffer.order());
            bigger.put(buffer.duplicate().position(start));
            bigger.flip();
            buffer = bigger;
            start = 0;
        } else if (start > 0) {
            buffer.position(start);
            buffer.compact();
            buffer.flip();
            start = 0;
        }
        while (available() < n) {
            int limit = buffer.limit();
            buffer.position(limit).limit(buffer.capacity());
            int read;
            try {
                read = channel.read(buffer);
            } finally {
                // keep whatever arrived before a failing read (a cut gzip stream), for the frames before the cut
                buffer.limit(buffer.position()).position(0);
            }
            if (read < 0) {
                endOfStream = true;
                return false;
            }
        }
        return true;
    }

    int u8(int offset) {
        return buffer.get(start + offset) & 0xff;
    }

    int u16(int offset) {
        return buffer.getShort(start + offset) & 0xffff;
    }

    /** A 32-bit field as the int it holds; callers that need it unsigned use {@code Integer.toUnsignedLong}. */
    int i32(int offset) {
        return buffer.getInt(start + offset);
    }

    long i64(int offset) {
        return buffer.getLong(start + offset);
    }

    /** A copy of {@code length} bytes at {@code offset}: the one allocation per frame. */
    byte[] copy(int offset, int length) {
        byte[] out = new byte[length];
        buffer.get(start + offset, out, 0, length);
        return out;
    }

    /** Consumes {@code n} bytes that {@link #request} made available. */
    void advance(int n) {
        start += n;
        streamPosition += n;
    }

    /** Consumes {@code n} bytes, reading past ones that were never buffered (a large block being skipped). */
    boolean skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            if (available() == 0 && !request(1)) {
                return false;
            }
            int step = (int) Math.min(left, available());
            advance(step);
            left -= step;
        }
        return true;
    }
}
