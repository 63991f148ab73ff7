package io.darkwatch.common.packet;

import java.util.ArrayList;
import java.util.List;

/**
 * The bits of {@code PacketSummary.hints}: why a packet looks spoofed (or otherwise unfit for an
 * outage signal), as CAIDA's corsaro3 spoofing filter marks them (libcorsaro_filtering.c, used by
 * IODA to leave such packets out of the unique-source count). One bit per rule rather than one
 * "spoofed" bit, so a consumer can pick its own subset; {@link #CORSARO_SPOOFED} is corsaro's.
 *
 * <p>The rules, and where darkwatch decides what corsaro leaves open:
 * <ul>
 *   <li>{@link #SAME_SRC_DST}: source address equals destination address (IPv4 and IPv6).</li>
 *   <li>{@link #SRC_LAST_OCTET_0}, {@link #SRC_LAST_OCTET_255}: the IPv4 source ends in .0 or .255
 *       (a network or broadcast address of a /24). IPv4 only: an IPv6 address ending in 00 or ff
 *       means nothing.</li>
 *   <li>{@link #TTL_200_NO_TCP_OPTIONS}: a TCP packet (first fragment) with TTL/hop limit of 200 or
 *       more (corsaro flags {@code ttl >= 200}: its test is {@code if (ttl < 200) not flagged}) and a
 *       TCP header without options (data offset 5). Real stacks start at 64 or 128 and send options
 *       with their SYNs; crafted packets start at 255 without. Not flagged when the data offset
 *       byte was not captured.</li>
 *   <li>{@link #PORT_ZERO}: TCP or UDP with source or destination port 0. Only where the ports were
 *       read: a later fragment carries no ports and is not flagged for them.</li>
 *   <li>{@link #UDP_TO_PORT_80}: UDP to port 80, where no service listens (HTTP/3 is on 443).</li>
 *   <li>{@link #FRAGMENT}: an IPv4 packet with a non-zero fragment offset or the reserved ("evil")
 *       flag bit set (corsaro masks {@code ip_off & 0x9fff}); the first fragment of a series is not
 *       flagged. darkwatch also flags IPv6 non-first fragments (corsaro looks at IPv4 only).</li>
 *   <li>{@link #ABNORMAL_PROTOCOL}: an IP protocol other than TCP (6), UDP (17), ICMP (1),
 *       ICMPv6 (58) and IPv6-in-IPv4 (41). Decision: as in corsaro, GRE (47), ESP (50), SCTP and
 *       everything else are abnormal, so the outage signal counts what IODA's does; ICMPv6 is added
 *       because it is IPv6's ICMP (corsaro never sees IPv6).</li>
 *   <li>{@link #ABNORMAL_TCP_FLAGS}: corsaro folds this into "abnormal protocol"; here it is its own
 *       bit. Looking only at SYN, ACK, FIN, RST, PSH, URG, the normal combinations are SYN, ACK,
 *       RST, FIN, SYN+FIN, SYN+ACK, FIN+ACK, ACK+PSH, FIN+ACK+PSH; any other (including none) is
 *       abnormal. Not evaluated when the flags byte was not captured or on a later fragment.</li>
 * </ul>
 *
 * <p>The bit values are part of the wire format
 * (the summary's u16 in v1, a varint in v2) and must not change once published.
 */
public final class SpoofingHints {
    public static final int SAME_SRC_DST = 1;
    public static final int SRC_LAST_OCTET_0 = 1 << 1;
    public static final int SRC_LAST_OCTET_255 = 1 << 2;
    public static final int TTL_200_NO_TCP_OPTIONS = 1 << 3;
    public static final int PORT_ZERO = 1 << 4;
    public static final int UDP_TO_PORT_80 = 1 << 5;
    public static final int FRAGMENT = 1 << 6;
    public static final int ABNORMAL_PROTOCOL = 1 << 7;
    public static final int ABNORMAL_TCP_FLAGS = 1 << 8;

    /** Every bit corsaro's spoofing filter folds into "spoofed". */
    public static final int CORSARO_SPOOFED = SAME_SRC_DST | SRC_LAST_OCTET_0 | SRC_LAST_OCTET_255
            | TTL_200_NO_TCP_OPTIONS | PORT_ZERO | UDP_TO_PORT_80 | FRAGMENT | ABNORMAL_PROTOCOL | ABNORMAL_TCP_FLAGS;

    /** The TTL (or hop limit) from which a TCP packet without options is suspect. */
    public static final int SUSPECT_TTL = 200;

    private static final String[] NAMES = {"same_src_dst", "src_last_octet_0", "src_last_octet_255",
        "ttl_200_no_tcp_options", "port_zero", "udp_to_port_80", "fragment", "abnormal_protocol",
        "abnormal_tcp_flags"};

    private SpoofingHints() {
    }

    /** Whether any hint is set, i.e. corsaro would call the packet spoofed. */
    public static boolean isSuspect(int hints) {
        return (hints & CORSARO_SPOOFED) != 0;
    }

    /** The names of the set bits, lowercase, in bit order (e.g. for a listing or a metric tag). */
    public static List<String> names(int hints) {
        List<String> out = new ArrayList<>();
        for (int bit = 0; bit < NAMES.length; bit++) {
            if ((hints & (1 << bit)) != 0) {
                out.add(NAMES[bit]);
            }
        }
        return out;
    }

    /** Whether the IP protocol is one darkwatch (and corsaro) call normal; see the class comment. */
    public static boolean isNormalProtocol(int protocol) {
        return switch (protocol) {
            case 1, 6, 17, 41, 58 -> true;
            default -> false;
        };
    }

    /** Whether these TCP flags (the nine-bit form) are one of corsaro's normal combinations. */
    public static boolean isNormalTcpFlagCombination(int tcpFlags) {
        // FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20; ECE, CWR and NS are ignored.
        return switch (tcpFlags & 0x3f) {
            case 0x02, 0x10, 0x04, 0x01, 0x03, 0x12, 0x11, 0x18, 0x19 -> true;
            default -> false;
        };
    }
}
