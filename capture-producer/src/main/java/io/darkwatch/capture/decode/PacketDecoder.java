package io.darkwatch.capture.decode;

import io.darkwatch.common.packet.SpoofingHints;
import io.darkwatch.capture.read.CaptureFrame;
import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketSummary;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a captured frame into a {@link PacketSummary}: outer IP addresses, protocol, ports, TCP
 * flags, ICMP type/code, TTL, wire length.
 *
 * <p>Why hand-written and byte-level: this runs once per packet on the hot path. pcap4j's
 * {@code getNextPacket()} builds an object per layer (and every option) for each packet; measured
 * on a 2 M packet capture, pcap4j's raw read loop alone does ~270 k packets/s, while a Java
 * byte-array decoder of Ethernet/IPv4/TCP flags does ~45 M packets/s warm (field notes). Full
 * dissection (tshark) manages ~44 k packets/s. We read only the fixed fields we keep, with no
 * allocation besides the summary.
 *
 * <p>What is decoded, and the rules where captures disagree with the happy path (the corpus test
 * checks every rule against tshark):
 * <ul>
 *   <li>Link types: Ethernet with any number of 802.1Q/802.1ad/QinQ tags (0x8100, 0x88a8, 0x9100,
 *       0x9200), Linux SLL and SLL2, raw IP (101, 12, 14, 228, 229: the version nibble decides),
 *       BSD NULL/LOOP in either byte order.</li>
 *   <li>Only the outermost IP header counts: tunnels (GRE, 6in4, Teredo, VXLAN) are reported as
 *       the outer packet (protocol 47, 41, UDP to 3544 / 4789).</li>
 *   <li>IPv6 extension headers (hop-by-hop, routing, fragment, destination options, AH, mobility,
 *       HIP, shim6) are walked; the protocol is the Next Header after the last one.</li>
 *   <li>Fragments: only the first fragment (offset 0) carries transport fields; later fragments
 *       are decoded with ports 0, flags 0, ICMP type/code -1.</li>
 *   <li>ICMP/ICMPv6 errors quote the offending packet's header: those quoted ports are NOT the
 *       packet's ports, which stay 0.</li>
 *   <li>Snaplen-cut transport headers: TCP/UDP/SCTP/DCCP are decoded when both ports are
 *       captured; TCP flags are read when byte 13 is captured, otherwise reported as 0. Fewer
 *       than 4 bytes (no ports) is {@link DecodeFailure#TRUNCATED_TRANSPORT_HEADER}; ICMP needs
 *       type and code.</li>
 *   <li>An IPv4 total length below the header length (0 from TCP segmentation offload, or bogus)
 *       is ignored and the captured bytes are used; otherwise bytes past the total length
 *       (Ethernet padding) are never read as transport header.</li>
 *   <li>TCP flags: the nine bits of {@link io.darkwatch.common.packet.TcpFlags}; the three
 *       reserved bits are dropped.</li>
 *   <li>Spoofing hints: the summary's {@code hints} carry the {@link SpoofingHints} bits, computed
 *       from the outer header as corsaro's spoofing filter does (see there for each rule).</li>
 *   <li>ICMP errors (types 3, 4, 5, 11, 12; ICMPv6 1-4): the quoted IP header and the ports in its
 *       first 8 bytes are returned beside the summary as a {@link QuotedHeader}, when captured.</li>
 * </ul>
 *
 * <p>Never throws: any input gives a {@link DecodeResult}. Stateless apart from the sensor id, so
 * one instance may be shared between threads.
 */
public final class PacketDecoder {
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int ETHERTYPE_MIN = 0x0600;

    private static final int PROTO_HOP_BY_HOP = 0;
    private static final int PROTO_DCCP = 33;
    private static final int PROTO_ROUTING = 43;
    private static final int PROTO_FRAGMENT = 44;
    private static final int PROTO_AH = 51;
    private static final int PROTO_DEST_OPTS = 60;
    private static final int PROTO_SCTP = 132;
    private static final int PROTO_MOBILITY = 135;
    private static final int PROTO_UDPLITE = 136;
    private static final int PROTO_HIP = 139;
    private static final int PROTO_SHIM6 = 140;
    /** More extension headers than this is not a real packet; stop walking. */
    private static final int MAX_EXTENSION_HEADERS = 16;

    private final String sensorId;

    public PacketDecoder(String sensorId) {
        this.sensorId = Objects.requireNonNull(sensorId, "sensorId");
    }

    public String sensorId() {
        return sensorId;
    }

    public DecodeResult decode(CaptureFrame frame) {
        return decode(frame.linkType(), frame.timestampNanos(), frame.data(), frame.capturedLength(),
                frame.wireLength());
    }

    /**
     * Decodes one frame.
     *
     * @param linkType       DLT of the capture
     * @param timestampNanos capture time, ns since the epoch
     * @param data           captured bytes
     * @param capturedLength how many of {@code data} were captured (clamped to {@code data.length})
     * @param wireLength     the frame's length on the wire: becomes the summary's length
     */
    public DecodeResult decode(int linkType, long timestampNanos, byte[] data, int capturedLength, int wireLength) {
        if (data == null) {
            return new DecodeResult.Undecodable(DecodeFailure.TRUNCATED_LINK_HEADER, "no data");
        }
        try {
            return new Frame(timestampNanos, data, Math.max(0, Math.min(capturedLength, data.length)),
                    Math.max(0, wireLength)).decodeLink(linkType);
        } catch (RuntimeException e) {
            return new DecodeResult.Undecodable(DecodeFailure.DECODER_ERROR,
                    "decoder bug on link type " + linkType + ": " + e);
        }
    }

    /** One decoding pass; a small object so the helpers need not pass five arguments around. */
    private final class Frame {
        private final long timestampNanos;
        private final byte[] b;
        private final int cap;
        private final int wireLength;

        Frame(long timestampNanos, byte[] b, int cap, int wireLength) {
            this.timestampNanos = timestampNanos;
            this.b = b;
            this.cap = cap;
            this.wireLength = wireLength;
        }

        DecodeResult decodeLink(int linkType) {
            switch (linkType) {
                case LinkTypes.ETHERNET -> {
                    if (cap < 14) {
                        return fail(DecodeFailure.TRUNCATED_LINK_HEADER, "Ethernet header needs 14 bytes, " + cap
                                + " captured");
                    }
                    return etherType(u16(12), 14);
                }
                case LinkTypes.LINUX_SLL -> {
                    if (cap < 16) {
                        return fail(DecodeFailure.TRUNCATED_LINK_HEADER, "Linux SLL header needs 16 bytes, " + cap
                                + " captured");
                    }
                    return etherType(u16(14), 16);
                }
                case LinkTypes.LINUX_SLL2 -> {
                    if (cap < 20) {
                        return fail(DecodeFailure.TRUNCATED_LINK_HEADER, "Linux SLL2 header needs 20 bytes, " + cap
                                + " captured");
                    }
                    return etherType(u16(0), 20);
                }
                case LinkTypes.RAW, LinkTypes.RAW_12, LinkTypes.RAW_14, LinkTypes.IPV4, LinkTypes.IPV6 -> {
                    // As tshark does, the version nibble decides even for LINKTYPE_IPV4/IPV6.
                    return ipByVersion(0);
                }
                case LinkTypes.NULL, LinkTypes.LOOP -> {
                    return loopback();
                }
                default -> {
                    return fail(DecodeFailure.UNSUPPORTED_LINK_TYPE, "link type " + linkType);
                }
            }
        }

        private DecodeResult loopback() {
            if (cap < 4) {
                return fail(DecodeFailure.TRUNCATED_LINK_HEADER, "loopback header needs 4 bytes, " + cap + " captured");
            }
            int family = (int) u32(0);
            // The family is in the capturing host's byte order; real families are small numbers.
            if ((family & 0xffff_0000) != 0) {
                family = Integer.reverseBytes(family);
            }
            return switch (family) {
                case 2 -> ipv4(4);
                // AF_INET6 differs by OS: Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, macOS 30.
                case 10, 24, 28, 30 -> ipv6(4);
                default -> fail(DecodeFailure.NOT_IP, "loopback address family " + family);
            };
        }

        private DecodeResult etherType(int type, int offset) {
            int off = offset;
            int t = type;
            while (t == 0x8100 || t == 0x88a8 || t == 0x9100 || t == 0x9200) {
                if (cap < off + 4) {
                    return fail(DecodeFailure.TRUNCATED_LINK_HEADER, "VLAN tag at byte " + off + " cut by snaplen");
                }
                t = u16(off + 2);
                off += 4;
            }
            if (t == ETHERTYPE_IPV4) {
                return ipv4(off);
            }
            if (t == ETHERTYPE_IPV6) {
                return ipv6(off);
            }
            if (t < ETHERTYPE_MIN) {
                return fail(DecodeFailure.NOT_IP, "IEEE 802.3 length field 0x" + Integer.toHexString(t)
                        + " (LLC frame)");
            }
            return fail(DecodeFailure.NOT_IP, "ethertype 0x" + Integer.toHexString(t));
        }

        private DecodeResult ipByVersion(int off) {
            if (cap <= off) {
                return fail(DecodeFailure.TRUNCATED_IP_HEADER, "no IP header captured");
            }
            int version = (b[off] >>> 4) & 0xf;
            return switch (version) {
                case 4 -> ipv4(off);
                case 6 -> ipv6(off);
                default -> fail(DecodeFailure.BAD_IP_VERSION, "IP version " + version);
            };
        }

        private DecodeResult ipv4(int off) {
            if (cap <= off) {
                return fail(DecodeFailure.TRUNCATED_IP_HEADER, "no IPv4 header captured");
            }
            int version = (b[off] >>> 4) & 0xf;
            if (version != 4) {
                return fail(DecodeFailure.BAD_IP_VERSION, "IPv4 expected, version nibble is " + version);
            }
            int headerLength = (b[off] & 0xf) * 4;
            if (headerLength < 20) {
                return fail(DecodeFailure.BAD_IP_HEADER_LENGTH, "IPv4 header length " + headerLength + " < 20");
            }
            if (cap - off < headerLength) {
                return fail(DecodeFailure.TRUNCATED_IP_HEADER, "IPv4 header needs " + headerLength + " bytes, "
                        + (cap - off) + " captured");
            }
            int totalLength = u16(off + 2);
            int end = totalLength >= headerLength ? Math.min(cap, off + totalLength) : cap;
            int flagsAndOffset = u16(off + 6);
            int fragmentOffset = flagsAndOffset & 0x1fff;
            int ttl = u8(off + 8);
            int protocol = u8(off + 9);
            int srcBits = (int) u32(off + 12);
            int dstBits = (int) u32(off + 16);
            int hints = ipHints(srcBits == dstBits, protocol);
            if ((srcBits & 0xff) == 0) {
                hints |= SpoofingHints.SRC_LAST_OCTET_0;
            } else if ((srcBits & 0xff) == 0xff) {
                hints |= SpoofingHints.SRC_LAST_OCTET_255;
            }
            // corsaro masks 0x9fff: a non-zero offset or the reserved flag; MF alone is a first fragment.
            if ((flagsAndOffset & 0x9fff) != 0) {
                hints |= SpoofingHints.FRAGMENT;
            }
            return transport(IpAddress.ofV4(srcBits), IpAddress.ofV4(dstBits), protocol, ttl, off + headerLength, end,
                    fragmentOffset != 0, hints);
        }

        private DecodeResult ipv6(int off) {
            if (cap <= off) {
                return fail(DecodeFailure.TRUNCATED_IP_HEADER, "no IPv6 header captured");
            }
            int version = (b[off] >>> 4) & 0xf;
            if (version != 6) {
                return fail(DecodeFailure.BAD_IP_VERSION, "IPv6 expected, version nibble is " + version);
            }
            if (cap - off < 40) {
                return fail(DecodeFailure.TRUNCATED_IP_HEADER, "IPv6 header needs 40 bytes, " + (cap - off)
                        + " captured");
            }
            int payloadLength = u16(off + 4);
            // 0 is a jumbogram (or no payload at all): use what was captured.
            int end = payloadLength == 0 ? cap : Math.min(cap, off + 40 + payloadLength);
            int next = u8(off + 6);
            int hopLimit = u8(off + 7);
            IpAddress src = IpAddress.of(b, off + 8, 16);
            IpAddress dst = IpAddress.of(b, off + 24, 16);
            int p = off + 40;
            boolean laterFragment = false;
            for (int i = 0; i < MAX_EXTENSION_HEADERS; i++) {
                int length;
                switch (next) {
                    case PROTO_HOP_BY_HOP, PROTO_ROUTING, PROTO_DEST_OPTS, PROTO_MOBILITY, PROTO_HIP, PROTO_SHIM6 -> {
                        if (p + 2 > end) {
                            return truncatedExtension(next, p);
                        }
                        length = (u8(p + 1) + 1) * 8;
                    }
                    case PROTO_FRAGMENT -> {
                        length = 8;
                        if (p + length <= end) {
                            laterFragment = (u16(p + 2) >>> 3) != 0;
                        }
                    }
                    case PROTO_AH -> {
                        if (p + 2 > end) {
                            return truncatedExtension(next, p);
                        }
                        length = (u8(p + 1) + 2) * 4;
                    }
                    default -> {
                        return transport(src, dst, next, hopLimit, p, end, false, ipHints(src.equals(dst), next));
                    }
                }
                if (p + length > end) {
                    return truncatedExtension(next, p);
                }
                next = u8(p);
                p += length;
                if (laterFragment) {
                    return transport(src, dst, next, hopLimit, p, end, true,
                            ipHints(src.equals(dst), next) | SpoofingHints.FRAGMENT);
                }
            }
            // An absurdly long chain: report what we have, without transport fields.
            return decoded(src, dst, next, hopLimit, 0, 0, 0, -1, -1, ipHints(src.equals(dst), next), null);
        }

        private DecodeResult truncatedExtension(int header, int at) {
            return fail(DecodeFailure.TRUNCATED_IP_HEADER, "IPv6 extension header " + header + " at byte " + at
                    + " cut short");
        }

        /** The hints every IP version shares: same source and destination, abnormal protocol. */
        private int ipHints(boolean sameSrcDst, int protocol) {
            int hints = sameSrcDst ? SpoofingHints.SAME_SRC_DST : 0;
            if (!SpoofingHints.isNormalProtocol(protocol)) {
                hints |= SpoofingHints.ABNORMAL_PROTOCOL;
            }
            return hints;
        }

        private DecodeResult transport(IpAddress src, IpAddress dst, int protocol, int ttl, int t, int end,
                boolean laterFragment, int ipHints) {
            if (laterFragment) {
                // No transport header here: no port, flag or TTL/options hints either.
                return decoded(src, dst, protocol, ttl, 0, 0, 0, -1, -1, ipHints, null);
            }
            int available = end - t;
            switch (protocol) {
                case IpProtocol.TCP -> {
                    if (available < 4) {
                        return truncatedTransport("TCP", 4, available);
                    }
                    int srcPort = u16(t);
                    int dstPort = u16(t + 2);
                    int hints = ipHints | portZero(srcPort, dstPort);
                    // Data offset in words: 5 is a header without options; below 5 is bogus and has none either.
                    if (available >= 13 && ttl >= SpoofingHints.SUSPECT_TTL && (u8(t + 12) >>> 4) <= 5) {
                        hints |= SpoofingHints.TTL_200_NO_TCP_OPTIONS;
                    }
                    int flags = 0;
                    if (available >= 14) {
                        flags = ((u8(t + 12) & 0x01) << 8) | u8(t + 13);
                        if (!SpoofingHints.isNormalTcpFlagCombination(flags)) {
                            hints |= SpoofingHints.ABNORMAL_TCP_FLAGS;
                        }
                    }
                    return decoded(src, dst, protocol, ttl, srcPort, dstPort, flags, -1, -1, hints, null);
                }
                case IpProtocol.UDP -> {
                    if (available < 4) {
                        return truncatedTransport("UDP", 4, available);
                    }
                    int srcPort = u16(t);
                    int dstPort = u16(t + 2);
                    int hints = ipHints | portZero(srcPort, dstPort)
                            | (dstPort == 80 ? SpoofingHints.UDP_TO_PORT_80 : 0);
                    return decoded(src, dst, protocol, ttl, srcPort, dstPort, 0, -1, -1, hints, null);
                }
                case PROTO_UDPLITE, PROTO_SCTP, PROTO_DCCP -> {
                    if (available < 4) {
                        return truncatedTransport(IpProtocol.name(protocol), 4, available);
                    }
                    return decoded(src, dst, protocol, ttl, u16(t), u16(t + 2), 0, -1, -1, ipHints, null);
                }
                case IpProtocol.ICMP, IpProtocol.ICMPV6 -> {
                    if (available < 2) {
                        return truncatedTransport(IpProtocol.name(protocol), 2, available);
                    }
                    int type = u8(t);
                    QuotedHeader quoted = isIcmpError(protocol, type) ? quoted(protocol, t + 8, end) : null;
                    return decoded(src, dst, protocol, ttl, 0, 0, 0, type, u8(t + 1), ipHints, quoted);
                }
                default -> {
                    return decoded(src, dst, protocol, ttl, 0, 0, 0, -1, -1, ipHints, null);
                }
            }
        }

        private int portZero(int srcPort, int dstPort) {
            return srcPort == 0 || dstPort == 0 ? SpoofingHints.PORT_ZERO : 0;
        }

        private boolean isIcmpError(int protocol, int type) {
            if (protocol == IpProtocol.ICMP) {
                return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
            }
            return type >= 1 && type <= 4;
        }

        /**
         * The header quoted from byte {@code q} on (after the 8-byte ICMP header), or null when it is
         * not captured or not the IP version the ICMP version quotes.
         */
        private QuotedHeader quoted(int icmpProtocol, int q, int end) {
            if (q >= end) {
                return null;
            }
            int version = (b[q] >>> 4) & 0xf;
            if (icmpProtocol == IpProtocol.ICMP) {
                int headerLength = (b[q] & 0xf) * 4;
                if (version != 4 || headerLength < 20 || q + headerLength > end) {
                    return null;
                }
                int protocol = u8(q + 9);
                boolean laterFragment = (u16(q + 6) & 0x1fff) != 0;
                return quotedPorts(IpAddress.ofV4((int) u32(q + 12)), IpAddress.ofV4((int) u32(q + 16)), protocol,
                        laterFragment ? end : q + headerLength, end);
            }
            if (version != 6 || q + 40 > end) {
                return null;
            }
            IpAddress src = IpAddress.of(b, q + 8, 16);
            IpAddress dst = IpAddress.of(b, q + 24, 16);
            int next = u8(q + 6);
            int p = q + 40;
            for (int i = 0; i < MAX_EXTENSION_HEADERS; i++) {
                int length;
                switch (next) {
                    case PROTO_HOP_BY_HOP, PROTO_ROUTING, PROTO_DEST_OPTS, PROTO_MOBILITY, PROTO_HIP, PROTO_SHIM6 -> {
                        if (p + 2 > end) {
                            return new QuotedHeader(src, dst, next, 0, 0);
                        }
                        length = (u8(p + 1) + 1) * 8;
                    }
                    case PROTO_FRAGMENT -> {
                        if (p + 8 > end) {
                            return new QuotedHeader(src, dst, next, 0, 0);
                        }
                        if ((u16(p + 2) >>> 3) != 0) {
                            return new QuotedHeader(src, dst, u8(p), 0, 0);
                        }
                        length = 8;
                    }
                    case PROTO_AH -> {
                        if (p + 2 > end) {
                            return new QuotedHeader(src, dst, next, 0, 0);
                        }
                        length = (u8(p + 1) + 2) * 4;
                    }
                    default -> {
                        return quotedPorts(src, dst, next, p, end);
                    }
                }
                if (p + length > end) {
                    return new QuotedHeader(src, dst, next, 0, 0);
                }
                next = u8(p);
                p += length;
            }
            return new QuotedHeader(src, dst, next, 0, 0);
        }

        private QuotedHeader quotedPorts(IpAddress src, IpAddress dst, int protocol, int t, int end) {
            boolean hasPorts = switch (protocol) {
                case IpProtocol.TCP, IpProtocol.UDP, PROTO_UDPLITE, PROTO_SCTP, PROTO_DCCP -> true;
                default -> false;
            };
            if (hasPorts && t + 4 <= end) {
                return new QuotedHeader(src, dst, protocol, u16(t), u16(t + 2));
            }
            return new QuotedHeader(src, dst, protocol, 0, 0);
        }

        private DecodeResult truncatedTransport(String protocol, int needed, int available) {
            return fail(DecodeFailure.TRUNCATED_TRANSPORT_HEADER, protocol + " header needs " + needed
                    + " bytes for ports/type, " + Math.max(available, 0) + " captured");
        }

        private DecodeResult decoded(IpAddress src, IpAddress dst, int protocol, int ttl, int srcPort, int dstPort,
                int tcpFlags, int icmpType, int icmpCode, int hints, QuotedHeader quoted) {
            return new DecodeResult.Decoded(new PacketSummary(timestampNanos, sensorId, src, dst, protocol, srcPort,
                    dstPort, tcpFlags, icmpType, icmpCode, ttl, wireLength, PacketSummary.UNKNOWN_COUNTRY, 0, hints),
                    Optional.ofNullable(quoted));
        }

        private DecodeResult fail(DecodeFailure reason, String detail) {
            return new DecodeResult.Undecodable(reason, detail);
        }

        private int u8(int i) {
            return b[i] & 0xff;
        }

        private int u16(int i) {
            return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }

        private long u32(int i) {
            return ((long) (b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
        }
    }
}
