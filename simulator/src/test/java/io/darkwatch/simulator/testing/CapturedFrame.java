package io.darkwatch.simulator.testing;

/**
 * One frame of a pcap file as {@link PcapFile} decoded it, independently of the simulator's encoder.
 *
 * @param ipChecksumOk        the IPv4 header checksum verifies
 * @param transportChecksumOk the TCP/UDP (pseudo-header) or ICMP checksum verifies
 */
public record CapturedFrame(long timestampNanos, int capturedLength, int originalLength, int etherType, int src,
        int dst, int protocol, int ttl, int ipTotalLength, int flagsAndFragment, int srcPort, int dstPort,
        int tcpFlags, int tcpDataOffset, int icmpType, boolean ipChecksumOk, boolean transportChecksumOk) {

    public boolean isSynAck() {
        return protocol == 6 && (tcpFlags & 0x12) == 0x12;
    }

    public boolean isSynOnly() {
        return protocol == 6 && (tcpFlags & 0x12) == 0x02;
    }

    public boolean isBackscatter() {
        return protocol == 6 && ((tcpFlags & 0x12) == 0x12 || (tcpFlags & 0x04) != 0);
    }

    public long epochSecond() {
        return Math.floorDiv(timestampNanos, 1_000_000_000L);
    }
}
