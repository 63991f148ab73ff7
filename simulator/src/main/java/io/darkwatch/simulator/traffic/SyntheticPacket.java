package io.darkwatch.simulator.traffic;

import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.TcpFlags;

/**
 * One simulated packet's header fields and its ground truth (who "really" sent it and why).
 *
 * @param timestampNanos capture time, ns since the epoch (already at the capture's precision)
 * @param src            source IPv4 address
 * @param dst            destination IPv4 address (in the darknet)
 * @param srcPort        TCP/UDP source port, 0 for ICMP
 * @param dstPort        TCP/UDP destination port, 0 for ICMP
 * @param protocol       IP protocol number
 * @param tcpFlags       TCP flag bits, 0 for other protocols
 * @param seq            TCP sequence number
 * @param ack            TCP acknowledgement number
 * @param window         TCP window
 * @param icmpType       ICMP type, -1 for other protocols
 * @param icmpCode       ICMP code, -1 for other protocols
 * @param ttl            IPv4 TTL
 * @param ipId           IPv4 identification
 * @param payloadLength  bytes after the transport header (zeros)
 * @param country        the country whose address {@code src} is
 * @param event          index of the scenario event that injected the packet (or, for a port decline, moved it
 *                       from the declining port to another), -1 for normal traffic and noise
 * @param noise          whether it is noise from a country the scenario does not name
 * @param spoofed        whether it carries a likely-spoofed mark (noise only)
 */
public record SyntheticPacket(long timestampNanos, int src, int dst, int protocol, int srcPort, int dstPort,
        int tcpFlags, int seq, int ack, int window, int icmpType, int icmpCode, int ttl, int ipId, int payloadLength,
        String country, int event, boolean noise, boolean spoofed) {

    public static final int NO_EVENT = -1;

    /** This packet, marked as shaped by scenario event {@code eventIndex}. */
    public SyntheticPacket withEvent(int eventIndex) {
        return new SyntheticPacket(timestampNanos, src, dst, protocol, srcPort, dstPort, tcpFlags, seq, ack, window,
                icmpType, icmpCode, ttl, ipId, payloadLength, country, eventIndex, noise, spoofed);
    }

    /** TCP SYN+ACK or any RST: what corsaro counts as TCP backscatter. */
    public boolean isBackscatter() {
        int synAck = TcpFlags.SYN | TcpFlags.ACK;
        return protocol == IpProtocol.TCP && ((tcpFlags & synAck) == synAck || (tcpFlags & TcpFlags.RST) != 0);
    }
}
