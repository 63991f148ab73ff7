package io.darkwatch.streams.topology;

import java.nio.ByteBuffer;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the signal journal: {@code [window start i64][sequence i64]}, big-endian. The window is
 * the newest one a journaled block counted packets in, so that when it closes every packet of the
 * block has been emitted and the entry can go; RocksDB keeps the entries in window order, so closing
 * a window deletes a contiguous range. Window starts are never negative (negative timestamps are
 * dropped at the source), so unsigned byte order is numeric order.
 */
final class JournalKeys {
    static final int LENGTH = 16;

    private JournalKeys() {
    }

    static Bytes of(long windowStart, long sequence) {
        return Bytes.wrap(ByteBuffer.allocate(LENGTH).putLong(windowStart).putLong(sequence).array());
    }

    /** The first key of a window: every key of earlier windows sorts before it. */
    static Bytes firstOf(long windowStart) {
        return of(windowStart, 0L);
    }

    static long windowStart(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong(0);
    }

    static long sequence(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong(8);
    }
}
