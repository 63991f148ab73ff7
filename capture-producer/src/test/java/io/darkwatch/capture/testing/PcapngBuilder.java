package io.darkwatch.capture.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes pcapng files block by block, in either byte order, for reader tests. */
public final class PcapngBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    public static PcapngBuilder pcapng() {
        return new PcapngBuilder();
    }

    /** A Section Header Block starting a section in {@code byteOrder}. */
    public PcapngBuilder section(ByteOrder byteOrder) {
        order = byteOrder;
        return block(0x0a0d0d0a, body(16).putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0).putLong(-1));
    }

    /** An Interface Description Block; {@code tsresol} and {@code tsoffset} are written when not null. */
    public PcapngBuilder iface(int linkType, int snaplen, Integer tsresol, Long tsoffset) {
        ByteBuffer b = body(8 + (tsresol == null ? 0 : 8) + (tsoffset == null ? 0 : 12) + 4);
        b.putShort((short) linkType).putShort((short) 0).putInt(snaplen);
        if (tsresol != null) {
            b.putShort((short) 9).putShort((short) 1).put((byte) (int) tsresol).put(new byte[3]);
        }
        if (tsoffset != null) {
            b.putShort((short) 14).putShort((short) 8).putLong(tsoffset);
        }
        b.putShort((short) 0).putShort((short) 0);
        return block(1, b);
    }

    public PcapngBuilder enhancedPacket(int iface, long ticks, byte[] data, int wireLength) {
        ByteBuffer b = body(20 + padded(data.length));
        b.putInt(iface).putInt((int) (ticks >>> 32)).putInt((int) ticks).putInt(data.length).putInt(wireLength).put(data);
        return block(6, b);
    }

    public PcapngBuilder obsoletePacket(int iface, long ticks, byte[] data, int wireLength) {
        ByteBuffer b = body(20 + padded(data.length));
        b.putShort((short) iface).putShort((short) 0).putInt((int) (ticks >>> 32)).putInt((int) ticks)
                .putInt(data.length).putInt(wireLength).put(data);
        return block(2, b);
    }

    public PcapngBuilder simplePacket(byte[] data, int wireLength) {
        return block(3, body(4 + padded(data.length)).putInt(wireLength).put(data));
    }

    /** A block of a type readers do not know, to be skipped. */
    public PcapngBuilder unknownBlock(int type, int bodyBytes) {
        return block(type, body(bodyBytes));
    }

    public byte[] build() {
        return out.toByteArray();
    }

    private ByteBuffer body(int bytes) {
        return ByteBuffer.allocate(bytes).order(order);
    }

    private PcapngBuilder block(int type, ByteBuffer body) {
        int length = 12 + body.capacity();
        ByteBuffer b = ByteBuffer.allocate(length).order(order);
        b.putInt(type).putInt(length).put(body.array()).putInt(length);
        out.writeBytes(b.array());
        return this;
    }

    private static int padded(int n) {
        return (n + 3) & ~3;
    }
}
