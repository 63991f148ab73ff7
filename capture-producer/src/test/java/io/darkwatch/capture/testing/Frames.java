package io.darkwatch.capture.testing;

import java.io.ByteArrayOutputStream;

/**
 * Builds frames byte by byte for decoder tests, in the field order of the RFCs, so each test shows
 * the packet it feeds in.
 */
public final class Frames {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public static Frames frame() {
        return new Frames();
    }

    public Frames u8(int v) {
        out.write(v & 0xff);
        return this;
    }

    public Frames u16(int v) {
        return u8(v >>> 8).u8(v);
    }

    public Frames u32(long v) {
        return u16((int) (v >>> 16)).u16((int) v);
    }

    public Frames bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    public Frames zeros(int n) {
        return bytes(new byte[n]);
    }

    /** Ethernet header: two MACs of zeros and the EtherType. */
    public Frames ethernet(int etherType) {
        return zeros(12).u16(etherType);
    }

    /** One VLAN tag: TCI, then the EtherType after it. */
    public Frames vlan(int tci, int innerEtherType) {
        return u16(tci).u16(innerEtherType);
    }

    /** Linux cooked v1: packet type, ARPHRD, address length, 8 address bytes, protocol. */
    public Frames sll(int protocol) {
        return u16(0).u16(1).u16(6).zeros(8).u16(protocol);
    }

    /** Linux cooked v2: protocol, reserved, interface index, ARPHRD, packet type, address length, 8 address bytes. */
    public Frames sll2(int protocol) {
        return u16(protocol).u16(0).u32(2).u16(1).u8(0).u8(6).zeros(8);
    }

    /** IPv4 header without options. */
    public Frames ipv4(int protocol, String src, String dst, int ttl, int totalLength) {
        return ipv4(protocol, src, dst, ttl, totalLength, 0, false, 5);
    }

    /**
     * IPv4 header with a fragment offset (in 8-byte units), the MF flag and an IHL; options (if IHL > 5) are NOPs.
     */
    public Frames ipv4(int protocol, String src, String dst, int ttl, int totalLength, int fragmentOffset,
            boolean moreFragments, int ihl) {
        u8(0x40 | ihl).u8(0).u16(totalLength).u16(0x1234).u16((moreFragments ? 0x2000 : 0) | fragmentOffset)
                .u8(ttl).u8(protocol).u16(0);
        bytes(v4(src)).bytes(v4(dst));
        for (int i = 20; i < ihl * 4; i++) {
            u8(1);
        }
        return this;
    }

    public Frames ipv6(int nextHeader, String src, String dst, int hopLimit, int payloadLength) {
        return u32(0x6000_0000L).u16(payloadLength).u8(nextHeader).u8(hopLimit)
                .bytes(v6(src)).bytes(v6(dst));
    }

    /** Hop-by-hop, routing or destination options header of {@code 8 * (lengthUnits + 1)} bytes. */
    public Frames ipv6Options(int nextHeader, int lengthUnits) {
        u8(nextHeader).u8(lengthUnits);
        return zeros(6 + 8 * lengthUnits);
    }

    public Frames ipv6Fragment(int nextHeader, int offsetUnits, boolean more) {
        return u8(nextHeader).u8(0).u16((offsetUnits << 3) | (more ? 1 : 0)).u32(0xabcdef01L);
    }

    /** Authentication header of {@code 4 * (lengthUnits + 2)} bytes. */
    public Frames ah(int nextHeader, int lengthUnits) {
        u8(nextHeader).u8(lengthUnits).u16(0);
        return zeros(4 * (lengthUnits + 2) - 4);
    }

    /** TCP header of 20 bytes with the nine flag bits. */
    public Frames tcp(int srcPort, int dstPort, int flags) {
        return u16(srcPort).u16(dstPort).u32(1000).u32(0).u8(0x50 | ((flags >>> 8) & 1)).u8(flags & 0xff)
                .u16(65535).u16(0).u16(0);
    }

    public Frames udp(int srcPort, int dstPort, int length) {
        return u16(srcPort).u16(dstPort).u16(length).u16(0);
    }

    public Frames icmp(int type, int code) {
        return u8(type).u8(code).u16(0).u32(0);
    }

    public byte[] build() {
        return out.toByteArray();
    }

    public int length() {
        return out.size();
    }

    private static byte[] v4(String dotted) {
        String[] p = dotted.split("\\.");
        return new byte[] {(byte) Integer.parseInt(p[0]), (byte) Integer.parseInt(p[1]), (byte) Integer.parseInt(p[2]),
            (byte) Integer.parseInt(p[3])};
    }

    private static byte[] v6(String literal) {
        return io.darkwatch.common.packet.IpAddress.parse(literal).toBytes();
    }
}
