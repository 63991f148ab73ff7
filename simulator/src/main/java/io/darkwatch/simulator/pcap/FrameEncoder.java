package io.darkwatch.simulator.pcap;

import io.darkwatch.common.packet.IpProtocol;
import java.util.Arrays;

/**
 * Lays out Ethernet II + IPv4 + TCP/UDP/ICMP frames in one reused buffer, with the IPv4 header
 * checksum and the transport checksum (over the RFC 793 pseudo-header for TCP and UDP) filled in.
 * Not thread-safe: one encoder per writer thread. Payloads are zero bytes: darkwatch reads headers only.
 */
public final class FrameEncoder {
    public static final int ETHERNET_HEADER = 14;
    public static final int IPV4_HEADER = 20;
    public static final int TCP_HEADER = 20;
    public static final int UDP_HEADER = 8;
    public static final int ICMP_HEADER = 8;
    /** Largest payload accepted: a standard 1500-byte MTU minus IPv4 and UDP headers. */
    public static final int MAX_PAYLOAD = 1500 - IPV4_HEADER - UDP_HEADER;

    // Locally administered unicast MACs (bit 1 of the first octet set): upstream router → sensor.
    private static final byte[] DST_MAC = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};
    private static final byte[] SRC_MAC = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};

    private final byte[] frame = new byte[ETHERNET_HEADER + 1500];

    public FrameEncoder() {
        System.arraycopy(DST_MAC, 0, frame, 0, 6);
        System.arraycopy(SRC_MAC, 0, frame, 6, 6);
        frame[12] = 0x08; // EtherType IPv4
        frame[13] = 0x00;
    }

    /** The buffer holding the last encoded frame, valid until the next encode call. */
    public byte[] buffer() {
        return frame;
    }

    /** @return frame length */
    public int tcp(int src, int dst, int ttl, int ipId, int srcPort, int dstPort, int seq, int ack, int flags,
            int window) {
        int ip = ETHERNET_HEADER;
        int t = ip + IPV4_HEADER;
        int ipLength = IPV4_HEADER + TCP_HEADER;
        ipv4(src, dst, ttl, ipId, IpProtocol.TCP, ipLength);
        put16(t, srcPort);
        put16(t + 2, dstPort);
        put32(t + 4, seq);
        put32(t + 8, ack);
        // Data offset 5 words, then the 9 flag bits (the AE/NS bit is the low bit of byte 12).
        frame[t + 12] = (byte) ((5 << 4) | ((flags >>> 8) & 0x01));
        frame[t + 13] = (byte) flags;
        put16(t + 14, window);
        put16(t + 16, 0);
        put16(t + 18, 0);
        put16(t + 16, transportChecksum(src, dst, IpProtocol.TCP, t, TCP_HEADER));
        return ETHERNET_HEADER + ipLength;
    }

    /** @return frame length */
    public int udp(int src, int dst, int ttl, int ipId, int srcPort, int dstPort, int payloadLength) {
        checkPayload(payloadLength);
        int ip = ETHERNET_HEADER;
        int u = ip + IPV4_HEADER;
        int udpLength = UDP_HEADER + payloadLength;
        ipv4(src, dst, ttl, ipId, IpProtocol.UDP, IPV4_HEADER + udpLength);
        put16(u, srcPort);
        put16(u + 2, dstPort);
        put16(u + 4, udpLength);
        put16(u + 6, 0);
        Arrays.fill(frame, u + UDP_HEADER, u + udpLength, (byte) 0);
        int checksum = transportChecksum(src, dst, IpProtocol.UDP, u, udpLength);
        // RFC 768: a computed zero is sent as all ones (zero means "no checksum").
        put16(u + 6, checksum == 0 ? 0xffff : checksum);
        return ETHERNET_HEADER + IPV4_HEADER + udpLength;
    }

    /** ICMP with a 4-byte rest-of-header (identifier and sequence for echo). @return frame length */
    public int icmp(int src, int dst, int ttl, int ipId, int type, int code, int restOfHeader, int payloadLength) {
        checkPayload(payloadLength);
        int ip = ETHERNET_HEADER;
        int c = ip + IPV4_HEADER;
        int icmpLength = ICMP_HEADER + payloadLength;
        ipv4(src, dst, ttl, ipId, IpProtocol.ICMP, IPV4_HEADER + icmpLength);
        frame[c] = (byte) type;
        frame[c + 1] = (byte) code;
        put16(c + 2, 0);
        put32(c + 4, restOfHeader);
        Arrays.fill(frame, c + ICMP_HEADER, c + icmpLength, (byte) 0);
        put16(c + 2, InternetChecksum.of(frame, c, icmpLength));
        return ETHERNET_HEADER + IPV4_HEADER + icmpLength;
    }

    private void ipv4(int src, int dst, int ttl, int ipId, int protocol, int totalLength) {
        int ip = ETHERNET_HEADER;
        frame[ip] = 0x45; // version 4, IHL 5 words: no options
        frame[ip + 1] = 0; // DSCP/ECN
        put16(ip + 2, totalLength);
        put16(ip + 4, ipId);
        put16(ip + 6, 0x4000); // DF set, no fragments: fragments would look spoofed to corsaro's filter
        frame[ip + 8] = (byte) ttl;
        frame[ip + 9] = (byte) protocol;
        put16(ip + 10, 0);
        put32(ip + 12, src);
        put32(ip + 16, dst);
        put16(ip + 10, InternetChecksum.of(frame, ip, IPV4_HEADER));
    }

    private int transportChecksum(int src, int dst, int protocol, int offset, int length) {
        long sum = (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length;
        return InternetChecksum.finish(InternetChecksum.add(sum, frame, offset, length));
    }

    private static void checkPayload(int payloadLength) {
        if (payloadLength < 0 || payloadLength > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload must be 0.." + MAX_PAYLOAD + " bytes, not " + payloadLength);
        }
    }

    private void put16(int at, int v) {
        frame[at] = (byte) (v >>> 8);
        frame[at + 1] = (byte) v;
    }

    private void put32(int at, int v) {
        frame[at] = (byte) (v >>> 24);
        frame[at + 1] = (byte) (v >>> 16);
        frame[at + 2] = (byte) (v >>> 8);
        frame[at + 3] = (byte) v;
    }
}
