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

    /** A single counter ({@code current} may be null) raised by one. */
    static byte[] increment(byte[] current) {
        long n = current == null ? 0 : ByteBuffer.wrap(current).getLong(0);
        return ByteBuffer.allocate(8).putLong(n + 1).array();
    }

    /** Per-country totals ({@code current} may be null) with one more packet of the given kinds. */
    static byte[] addTotals(byte[] current, boolean synAck, boolean backscatter, boolean scan) {
        ByteBuffer b = ByteBuffer.wrap(current == null ? new byte[TOTALS_SIZE * 8] : current.clone());
        add(b, PACKETS, 1);
        add(b, SYN_ACK, synAck ? 1 : 0);
        add(b, BACKSCATTER, backscatter ? 1 : 0);
        add(b, SCAN, scan ? 1 : 0);
        return b.array();
    }

    private static void add(ByteBuffer b, int index, long delta) {
        b.putLong(index * 8, b.getLong(index * 8) + delta);
    }

    static long get(byte[] value, int index) {
        return ByteBuffer.wrap(value).getLong(index * 8);
    }
}
