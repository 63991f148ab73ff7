package io.darkwatch.streams.topology;

import java.nio.ByteBuffer;

/** Values of the signal-counts store: big-endian i64 counters, one or several per key. */
final class Counters {
    static final int PACKETS = 0;
    static final int SYN_ACK = 1;
    static final int BACKSCATTER = 2;
    static final int SCAN = 3;
    static final int TOTALS_SIZE = 4;

    private Counters() {
    }

    /**
     * Counters ({@code current} may be null: all zero) plus {@code deltas}, element-wise: one counter
     * for most keys, {@link #TOTALS_SIZE} for a country's totals.
     */
    static byte[] add(byte[] current, long[] deltas) {
        if (current != null && current.length != deltas.length * 8) {
            throw new IllegalStateException("stored counters hold " + current.length / 8 + " values, not "
                    + deltas.length);
        }
        ByteBuffer b = ByteBuffer.wrap(current == null ? new byte[deltas.length * 8] : current.clone());
        for (int i = 0; i < deltas.length; i++) {
            b.putLong(i * 8, b.getLong(i * 8) + deltas[i]);
        }
        return b.array();
    }

    static long get(byte[] value, int index) {
        return ByteBuffer.wrap(value).getLong(index * 8);
    }
}
