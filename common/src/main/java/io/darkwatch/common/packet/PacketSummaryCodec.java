package io.darkwatch.common.packet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Binary wire format of a {@link PacketSummary}, version 1. Big-endian, fixed layout:
 *
 * <pre>
 * u8  version (=1)
 * u8  bits: 0 = src is IPv6, 1 = dst is IPv6, 2 = ICMP type/code present
 * i64 timestamp, ns since the epoch
 * src address (4 or 16 bytes), dst address (4 or 16 bytes)
 * u8  protocol
 * u16 src port, u16 dst port
 * u16 TCP flags (9 bits used)
 * u8  ICMP type, u8 ICMP code (0 when bit 2 is clear)
 * u8  TTL / hop limit
 * i32 frame length
 * 2 × u8 country (ASCII)
 * i32 ASN
 * u16 spoofing hints
 * u8  sensor id length, then that many UTF-8 bytes
 * </pre>
 *
 * An IPv4 packet from sensor "s1" takes 43 bytes. A reader rejects versions it does not know rather
 * than guessing, so a new layout is a new version number and readers are upgraded first.
 */
public final class PacketSummaryCodec {
    public static final byte VERSION = 1;

    private static final int SRC_V6 = 1;
    private static final int DST_V6 = 2;
    private static final int HAS_ICMP = 4;

    private PacketSummaryCodec() {
    }

    public static byte[] encode(PacketSummary p) {
        byte[] sensor = p.sensorId().getBytes(StandardCharsets.UTF_8);
        if (sensor.length > 255) {
            throw new IllegalArgumentException("sensor id longer than 255 bytes: " + p.sensorId());
        }
        boolean srcV6 = !p.src().isV4();
        boolean dstV6 = !p.dst().isV4();
        int size = 1 + 1 + 8 + (srcV6 ? 16 : 4) + (dstV6 ? 16 : 4) + 1 + 2 + 2 + 2 + 1 + 1 + 1 + 4 + 2 + 4 + 2 + 1
                + sensor.length;
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(VERSION);
        b.put((byte) ((srcV6 ? SRC_V6 : 0) | (dstV6 ? DST_V6 : 0) | (p.icmpType() >= 0 ? HAS_ICMP : 0)));
        b.putLong(p.timestampNanos());
        putAddress(b, p.src());
        putAddress(b, p.dst());
        b.put((byte) p.protocol());
        b.putShort((short) p.srcPort());
        b.putShort((short) p.dstPort());
        b.putShort((short) p.tcpFlags());
        b.put((byte) Math.max(p.icmpType(), 0));
        b.put((byte) Math.max(p.icmpCode(), 0));
        b.put((byte) p.ttl());
        b.putInt(p.length());
        b.put((byte) p.country().charAt(0));
        b.put((byte) p.country().charAt(1));
        b.putInt(p.asn());
        b.putShort((short) p.hints());
        b.put((byte) sensor.length);
        b.put(sensor);
        return b.array();
    }

    /** @throws IllegalArgumentException on an unknown version or a record of the wrong size */
    public static PacketSummary decode(byte[] data) {
        if (data == null || data.length == 0) {
            throw new IllegalArgumentException("empty packet summary");
        }
        if (data[0] != VERSION) {
            throw new IllegalArgumentException("unknown packet summary version " + data[0] + " (this reader knows "
                    + VERSION + ")");
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(data);
            b.get();
            int bits = b.get();
            long ts = b.getLong();
            IpAddress src = getAddress(b, (bits & SRC_V6) != 0);
            IpAddress dst = getAddress(b, (bits & DST_V6) != 0);
            int protocol = b.get() & 0xff;
            int srcPort = b.getShort() & 0xffff;
            int dstPort = b.getShort() & 0xffff;
            int flags = b.getShort() & 0xffff;
            int icmpType = b.get() & 0xff;
            int icmpCode = b.get() & 0xff;
            if ((bits & HAS_ICMP) == 0) {
                icmpType = -1;
                icmpCode = -1;
            }
            int ttl = b.get() & 0xff;
            int length = b.getInt();
            String country = new String(new char[] {(char) b.get(), (char) b.get()});
            int asn = b.getInt();
            int hints = b.getShort() & 0xffff;
            int sensorLength = b.get() & 0xff;
            if (b.remaining() != sensorLength) {
                throw new IllegalArgumentException("packet summary has " + b.remaining()
                        + " bytes after the header, sensor id says " + sensorLength);
            }
            String sensor = new String(data, b.position(), sensorLength, StandardCharsets.UTF_8);
            return new PacketSummary(ts, sensor, src, dst, protocol, srcPort, dstPort, flags, icmpType, icmpCode,
                    ttl, length, country, asn, hints);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated packet summary (" + data.length + " bytes)", e);
        }
    }

    private static void putAddress(ByteBuffer b, IpAddress a) {
        if (a.isV4()) {
            b.putInt(a.v4());
        } else {
            b.putLong(a.high());
            b.putLong(a.low());
        }
    }

    private static IpAddress getAddress(ByteBuffer b, boolean v6) {
        return v6 ? new IpAddress(b.getLong(), b.getLong()) : IpAddress.ofV4(b.getInt());
    }
}
