package io.darkwatch.capture.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Rewrites a classic pcap file in another byte order and/or timestamp precision, field by field,
 * so reader tests can check big-endian and nanosecond files made from corpus captures.
 */
public final class PcapRewriter {
    private PcapRewriter() {
    }

    public static byte[] rewrite(byte[] pcap, ByteOrder order, boolean nanos) {
        ByteBuffer in = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        int magic = in.getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            in.order(ByteOrder.BIG_ENDIAN);
            magic = in.getInt(0);
        }
        boolean sourceNanos = magic == 0xa1b23c4d;
        ByteBuffer header = ByteBuffer.allocate(24).order(order);
        header.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4).putShort(in.getShort(4)).putShort(in.getShort(6))
                .putInt(in.getInt(8)).putInt(in.getInt(12)).putInt(in.getInt(16)).putInt(in.getInt(20));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        int at = 24;
        while (at + 16 <= pcap.length) {
            long fraction = Integer.toUnsignedLong(in.getInt(at + 4));
            if (sourceNanos != nanos) {
                fraction = nanos ? fraction * 1000 : fraction / 1000;
            }
            int captured = in.getInt(at + 8);
            ByteBuffer record = ByteBuffer.allocate(16).order(order);
            record.putInt(in.getInt(at)).putInt((int) fraction).putInt(captured).putInt(in.getInt(at + 12));
            out.writeBytes(record.array());
            out.write(pcap, at + 16, captured);
            at += 16 + captured;
        }
        return out.toByteArray();
    }
}
