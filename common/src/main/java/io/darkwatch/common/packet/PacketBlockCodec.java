package io.darkwatch.common.packet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Binary wire format of a {@link PacketBlock}, version 2 of the packets topic's value format.
 * Big-endian; varint = unsigned LEB128 (7 bits per byte, low bits first), zigzag = signed varint.
 *
 * <pre>
 * u8      version (=2)
 * 2 × u8  country (ASCII), shared by every packet
 * u8      sensor id length, then that many UTF-8 bytes, shared by every packet
 * varint  packet count (at least 1)
 * i64     timestamp of the first packet, ns since the epoch
 * then per packet:
 *   zigzag  timestamp minus the previous packet's (the first packet's is 0), ns
 *   u8      bits: 0 = src is IPv6, 1 = dst is IPv6, 2 = ICMP type/code present
 *   src address (4 or 16 bytes), dst address (4 or 16 bytes)
 *   u8      protocol
 *   u16     src port, u16 dst port
 *   u16     TCP flags
 *   u8      ICMP type, u8 ICMP code (only when bit 2 is set)
 *   u8      TTL / hop limit
 *   varint  frame length
 *   varint  ASN
 *   varint  spoofing hints
 * </pre>
 *
 * <p>An IPv4 TCP packet takes about 25 bytes (43 in version 1), before the producer's compression.
 * {@link #decode} also reads version 1 records (one {@link PacketSummaryCodec} summary each) as
 * blocks of one, so a topic that still holds them is read without a migration. Unknown versions
 * are rejected, never guessed.
 */
public final class PacketBlockCodec {
    public static final byte VERSION = 2;

    private static final int SRC_V6 = 1;
    private static final int DST_V6 = 2;
    private static final int HAS_ICMP = 4;
    private static final int MAX_PACKETS = 1 << 20;

    private PacketBlockCodec() {
    }

    public static byte[] encode(PacketBlock block) {
        byte[] sensor = block.sensorId().getBytes(StandardCharsets.UTF_8);
        if (sensor.length > 255) {
            throw new IllegalArgumentException("sensor id longer than 255 bytes: " + block.sensorId());
        }
        List<PacketSummary> packets = block.packets();
        Writer w = new Writer(16 + sensor.length + packets.size() * 28);
        w.u8(VERSION);
        w.u8(block.country().charAt(0));
        w.u8(block.country().charAt(1));
        w.u8(sensor.length);
        w.bytes(sensor);
        w.varint(packets.size());
        long previous = packets.get(0).timestampNanos();
        w.i64(previous);
        for (PacketSummary p : packets) {
            w.varint(zigzag(p.timestampNanos() - previous));
            previous = p.timestampNanos();
            boolean srcV6 = !p.src().isV4();
            boolean dstV6 = !p.dst().isV4();
            boolean icmp = p.icmpType() >= 0;
            w.u8((srcV6 ? SRC_V6 : 0) | (dstV6 ? DST_V6 : 0) | (icmp ? HAS_ICMP : 0));
            w.address(p.src());
            w.address(p.dst());
            w.u8(p.protocol());
            w.u16(p.srcPort());
            w.u16(p.dstPort());
            w.u16(p.tcpFlags());
            if (icmp) {
                w.u8(p.icmpType());
                w.u8(Math.max(p.icmpCode(), 0));
            }
            w.u8(p.ttl());
            w.varint(Integer.toUnsignedLong(p.length()));
            w.varint(Integer.toUnsignedLong(p.asn()));
            w.varint(p.hints());
        }
        return w.toArray();
    }

    /** @throws IllegalArgumentException on an unknown version, a truncated block or trailing bytes */
    public static PacketBlock decode(byte[] data) {
        if (data == null || data.length == 0) {
            throw new IllegalArgumentException("empty packet record");
        }
        if (data[0] == PacketSummaryCodec.VERSION) {
            return PacketBlock.of(PacketSummaryCodec.decode(data));
        }
        if (data[0] != VERSION) {
            throw new IllegalArgumentException("unknown packet record version " + data[0] + " (this reader knows "
                    + PacketSummaryCodec.VERSION + " and " + VERSION + ")");
        }
        Reader r = new Reader(data);
        r.u8();
        String country = new String(new char[] {(char) r.u8(), (char) r.u8()});
        int sensorLength = r.u8();
        String sensor = r.utf8(sensorLength);
        long count = r.varint();
        if (count < 1 || count > MAX_PACKETS) {
            throw new IllegalArgumentException("packet block claims " + count + " packets");
        }
        long ts = r.i64();
        List<PacketSummary> packets = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            ts += unzigzag(r.varint());
            int bits = r.u8();
            IpAddress src = r.address((bits & SRC_V6) != 0);
            IpAddress dst = r.address((bits & DST_V6) != 0);
            int protocol = r.u8();
            int srcPort = r.u16();
            int dstPort = r.u16();
            int flags = r.u16();
            int icmpType = -1;
            int icmpCode = -1;
            if ((bits & HAS_ICMP) != 0) {
                icmpType = r.u8();
                icmpCode = r.u8();
            }
            int ttl = r.u8();
            int length = (int) r.varint();
            int asn = (int) r.varint();
            int hints = (int) r.varint();
            packets.add(new PacketSummary(ts, sensor, src, dst, protocol, srcPort, dstPort, flags, icmpType,
                    icmpCode, ttl, length, country, asn, hints));
        }
        if (r.position() != data.length) {
            throw new IllegalArgumentException("packet block has " + (data.length - r.position())
                    + " bytes after its " + count + " packets");
        }
        return new PacketBlock(country, sensor, packets);
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** A growable big-endian buffer; hand-written because it is on the per-packet hot path. */
    private static final class Writer {
        private byte[] buf;
        private int pos;

        Writer(int capacity) {
            buf = new byte[Math.max(capacity, 64)];
        }

        private void ensure(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }

        void u8(int v) {
            ensure(1);
            buf[pos++] = (byte) v;
        }

        void u16(int v) {
            ensure(2);
            buf[pos++] = (byte) (v >>> 8);
            buf[pos++] = (byte) v;
        }

        void i32(int v) {
            ensure(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                buf[pos++] = (byte) (v >>> shift);
            }
        }

        void i64(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[pos++] = (byte) (v >>> shift);
            }
        }

        void varint(long v) {
            ensure(10);
            while ((v & ~0x7fL) != 0) {
                buf[pos++] = (byte) ((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
        }

        void bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }

        void address(IpAddress a) {
            if (a.isV4()) {
                i32(a.v4());
            } else {
                i64(a.high());
                i64(a.low());
            }
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, pos);
        }
    }

    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        int position() {
            return pos;
        }

        private void need(int n) {
            if (pos + n > data.length) {
                throw new IllegalArgumentException("truncated packet block (" + data.length + " bytes)");
            }
        }

        int u8() {
            need(1);
            return data[pos++] & 0xff;
        }

        int u16() {
            need(2);
            int v = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
            pos += 2;
            return v;
        }

        int i32() {
            need(4);
            int v = 0;
            for (int i = 0; i < 4; i++) {
                v = (v << 8) | (data[pos++] & 0xff);
            }
            return v;
        }

        long i64() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (data[pos++] & 0xff);
            }
            return v;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = u8();
                v |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("varint longer than 10 bytes in packet block");
        }

        String utf8(int length) {
            need(length);
            String s = new String(data, pos, length, StandardCharsets.UTF_8);
            pos += length;
            return s;
        }

        IpAddress address(boolean v6) {
            return v6 ? new IpAddress(i64(), i64()) : IpAddress.ofV4(i32());
        }
    }
}
