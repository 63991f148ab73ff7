package io.darkwatch.capture.decode;

import io.darkwatch.common.packet.IpAddress;
import java.util.Objects;

/**
 * The header an ICMP error quotes: the packet that caused the error, as the victim (the error's
 * sender) received it. For backscatter this names the spoofed flow: {@code src} is the address the
 * attacker forged (often a darknet address, the error's destination), {@code dst} the victim, and the
 * ports say which service was attacked.
 *
 * <p>Read from ICMP types 3, 4, 5, 11, 12 and ICMPv6 types 1-4: the quoted IP header and the first
 * 8 bytes after it (RFC 792 guarantees those 8; RFC 4443 quotes as much as fits).
 *
 * @param src      quoted source address
 * @param dst      quoted destination address
 * @param protocol quoted IP protocol (after any quoted IPv6 extension headers)
 * @param srcPort  quoted TCP/UDP/SCTP/DCCP/UDP-Lite source port; 0 for other protocols or when the
 *                 quote ends before the ports
 * @param dstPort  quoted destination port, as {@code srcPort}
 */
public record QuotedHeader(IpAddress src, IpAddress dst, int protocol, int srcPort, int dstPort) {
    public QuotedHeader {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol out of range: " + protocol);
        }
        if (srcPort < 0 || srcPort > 0xffff || dstPort < 0 || dstPort > 0xffff) {
            throw new IllegalArgumentException("port out of range: " + srcPort + "/" + dstPort);
        }
    }
}
