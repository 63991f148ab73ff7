package io.darkwatch.common.packet;

import java.util.Objects;

/**
 * What darkwatch keeps of one captured packet: enough for every detector (victim addresses and the
 * ports they answered from for backscatter, source addresses for outages, flags and ports for scans)
 * and nothing of the payload.
 *
 * @param timestampNanos capture time, nanoseconds since the epoch (µs captures have 000 appended)
 * @param sensorId       the sensor that saw the packet
 * @param src            source address (for backscatter: the victim)
 * @param dst            destination address (a darknet address)
 * @param protocol       IP protocol number ({@link IpProtocol})
 * @param srcPort        TCP/UDP source port, 0 when the protocol has none
 * @param dstPort        TCP/UDP destination port, 0 when the protocol has none
 * @param tcpFlags       the nine TCP flag bits ({@link TcpFlags}), 0 for other protocols
 * @param icmpType       ICMP/ICMPv6 type, -1 for other protocols
 * @param icmpCode       ICMP/ICMPv6 code, -1 for other protocols
 * @param ttl            IPv4 TTL or IPv6 hop limit
 * @param length         frame length on the wire, in bytes
 * @param country        source country, ISO 3166-1 alpha-2, or {@link #UNKNOWN_COUNTRY}
 * @param asn            source autonomous system number, 0 when unknown
 * @param hints          spoofing hints, a bit set; 0 when none were computed
 */
public record PacketSummary(
        long timestampNanos,
        String sensorId,
        IpAddress src,
        IpAddress dst,
        int protocol,
        int srcPort,
        int dstPort,
        int tcpFlags,
        int icmpType,
        int icmpCode,
        int ttl,
        int length,
        String country,
        int asn,
        int hints) {

    /** ISO 3166-1 reserves ZZ for user assignment; darkwatch uses it for "no country known". */
    public static final String UNKNOWN_COUNTRY = "ZZ";

    public PacketSummary {
        Objects.requireNonNull(sensorId, "sensorId");
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(country, "country");
        if (country.length() != 2) {
            throw new IllegalArgumentException("country must be a two-letter code, not '" + country + "'");
        }
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol out of range: " + protocol);
        }
        if (srcPort < 0 || srcPort > 0xffff || dstPort < 0 || dstPort > 0xffff) {
            throw new IllegalArgumentException("port out of range: " + srcPort + "/" + dstPort);
        }
    }

    public long timestampMillis() {
        return Math.floorDiv(timestampNanos, 1_000_000L);
    }

    public PacketSummary withGeo(String newCountry, int newAsn) {
        return new PacketSummary(timestampNanos, sensorId, src, dst, protocol, srcPort, dstPort, tcpFlags,
                icmpType, icmpCode, ttl, length, newCountry, newAsn, hints);
    }

    public boolean isTcp() {
        return protocol == IpProtocol.TCP;
    }

    /** SYN and ACK both set: the reply a victim sends to a spoofed SYN. */
    public boolean isSynAck() {
        return isTcp() && (tcpFlags & (TcpFlags.SYN | TcpFlags.ACK)) == (TcpFlags.SYN | TcpFlags.ACK);
    }

    /** SYN without ACK: a scan probe (or a spoofed flood hitting the telescope directly). */
    public boolean isScan() {
        return isTcp() && (tcpFlags & (TcpFlags.SYN | TcpFlags.ACK)) == TcpFlags.SYN;
    }

    /**
     * Backscatter as corsaro's dos plugin counts it: TCP SYN+ACK or any RST; ICMP echo reply and
     * the error and reply types that answer a (spoofed) request. UDP never counts.
     */
    public boolean isBackscatter() {
        return switch (protocol) {
            case IpProtocol.TCP -> isSynAck() || (tcpFlags & TcpFlags.RST) != 0;
            case IpProtocol.ICMP -> switch (icmpType) {
                case 0, 3, 4, 5, 11, 12, 14, 16, 18 -> true;
                default -> false;
            };
            // ICMPv6: the error types 1-4 and echo reply 129.
            case IpProtocol.ICMPV6 -> (icmpType >= 1 && icmpType <= 4) || icmpType == 129;
            default -> false;
        };
    }
}
