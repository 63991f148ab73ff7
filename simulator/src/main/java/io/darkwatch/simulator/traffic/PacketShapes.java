package io.darkwatch.simulator.traffic;

import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.TcpFlags;
import java.util.random.RandomGenerator;

/**
 * What darknet packets look like. Normal traffic is mostly TCP SYN probes to a service mix
 * (Redis, Telnet, SSH, SMB, HTTP(S), RDP, …, and random ports), some UDP probes (DNS, NTP, SNMP,
 * SIP, SSDP) and ICMP echo requests; backscatter is SYN/ACK and RST from service ports to
 * ephemeral ports. Fields a detector never reads (sequence numbers, IP ids) are still random, so the
 * capture looks like traffic and not like a fixture.
 */
public final class PacketShapes {
    /** Shares of normal non-backscatter packets: TCP SYN, UDP, ICMP echo request. */
    public static final double TCP_SYN_SHARE = 0.80;
    public static final double UDP_SHARE = 0.13;
    public static final double ICMP_SHARE = 0.07;

    private static final PortMix TCP_PROBE_PORTS = new PortMix(
            6379, 6, 23, 14, 22, 10, 445, 9, 80, 8, 443, 6, 8080, 5, 3389, 5, 2323, 3, 5555, 2, 1433, 2, 3306, 2,
            8443, 2, 81, 2, 25, 1, 21, 1, PortMix.RANDOM, 22);
    private static final int[] UDP_PORTS = {53, 123, 161, 5060, 1900, PortMix.RANDOM};
    private static final WeightedChoice UDP_CHOICE = new WeightedChoice(25, 20, 15, 15, 10, 15);
    /** Typical probe payload sizes: DNS query, NTP client request, SNMP get, SIP OPTIONS, SSDP M-SEARCH. */
    private static final int[] UDP_PAYLOADS = {29, 48, 40, 180, 94, -1};
    private static final PortMix BACKSCATTER_SERVICE_PORTS = new PortMix(
            80, 35, 443, 35, 22, 5, 53, 5, 25, 3, 3389, 3, 8080, 4, PortMix.RANDOM, 10);
    private static final WeightedChoice PROBE_KIND = new WeightedChoice(TCP_SYN_SHARE, UDP_SHARE, ICMP_SHARE);
    /** Backscatter flags: SYN/ACK answers a spoofed SYN, RST (with or without ACK) a spoofed ACK or closed port. */
    private static final int[] BACKSCATTER_FLAGS = {TcpFlags.SYN | TcpFlags.ACK, TcpFlags.RST | TcpFlags.ACK,
            TcpFlags.RST};
    private static final WeightedChoice BACKSCATTER_KIND = new WeightedChoice(70, 15, 15);
    private static final int[] SYN_WINDOWS = {1024, 29200, 64240, 65535};
    private static final int[] SYNACK_WINDOWS = {14600, 28960, 29200, 65160, 65535};

    private PacketShapes() {
    }

    /** A TTL as received: an initial 64 (Linux, BSD) or 128 (Windows) less 6–24 hops. Never above 200,
     *  which corsaro's filter reads as spoofing when there are no TCP options. */
    public static int receivedTtl(RandomGenerator random) {
        int initial = random.nextDouble() < 0.6 ? 64 : 128;
        return initial - 6 - random.nextInt(19);
    }

    public static int ephemeralPort(RandomGenerator random) {
        return 1024 + random.nextInt(65536 - 1024);
    }

    /**
     * The probability that a normal probe ({@link #probe}) goes to destination port {@code port},
     * TCP or UDP: what a port decline takes its expected counts from.
     */
    public static double probeShare(int port) {
        double udpRandom = UDP_CHOICE.probability(UDP_PORTS.length - 1) * (port == 80 ? 0 : 1.0 / 65534);
        double udp = udpRandom;
        for (int i = 0; i < UDP_PORTS.length - 1; i++) {
            if (UDP_PORTS[i] == port) {
                udp += UDP_CHOICE.probability(i);
            }
        }
        return TCP_SYN_SHARE * TCP_PROBE_PORTS.probability(port) + UDP_SHARE * udp;
    }

    /** A normal probe: TCP SYN, UDP or ICMP echo request, per the shares above. */
    public static SyntheticPacket probe(RandomGenerator r, long ts, int src, int dst, int ttl, String country,
            boolean noise) {
        return switch (PROBE_KIND.pick(r)) {
            case 0 -> synProbe(r, ts, src, dst, TCP_PROBE_PORTS.pick(r), ttl, SYN_WINDOWS[r.nextInt(
                    SYN_WINDOWS.length)], country, SyntheticPacket.NO_EVENT, noise, false);
            case 1 -> udpProbe(r, ts, src, dst, ttl, country, noise);
            default -> new SyntheticPacket(ts, src, dst, IpProtocol.ICMP, 0, 0, 0, 0, 0, 0, 8, 0, ttl,
                    r.nextInt(65536), 32, country, SyntheticPacket.NO_EVENT, noise, false);
        };
    }

    public static SyntheticPacket synProbe(RandomGenerator r, long ts, int src, int dst, int dstPort, int ttl,
            int window, String country, int event, boolean noise, boolean spoofed) {
        return new SyntheticPacket(ts, src, dst, IpProtocol.TCP, ephemeralPort(r), dstPort, TcpFlags.SYN,
                r.nextInt(), 0, window, -1, -1, ttl, r.nextInt(65536), 0, country, event, noise, spoofed);
    }

    public static SyntheticPacket udpProbe(RandomGenerator r, long ts, int src, int dst, int ttl, String country,
            boolean noise) {
        int kind = UDP_CHOICE.pick(r);
        int port = UDP_PORTS[kind] == PortMix.RANDOM ? randomUdpPort(r) : UDP_PORTS[kind];
        int payload = UDP_PAYLOADS[kind] < 0 ? r.nextInt(65) : UDP_PAYLOADS[kind];
        return udp(r, ts, src, dst, port, payload, ttl, country, noise, false);
    }

    /** Any port but 80: corsaro's filter takes UDP to port 80 for spoofed, which would blur the ground truth. */
    private static int randomUdpPort(RandomGenerator r) {
        int port = 1 + r.nextInt(65534);
        return port >= 80 ? port + 1 : port;
    }

    public static SyntheticPacket udp(RandomGenerator r, long ts, int src, int dst, int dstPort, int payload, int ttl,
            String country, boolean noise, boolean spoofed) {
        return new SyntheticPacket(ts, src, dst, IpProtocol.UDP, ephemeralPort(r), dstPort, 0, 0, 0, 0, -1, -1, ttl,
                r.nextInt(65536), payload, country, SyntheticPacket.NO_EVENT, noise, spoofed);
    }

    /** Background backscatter: SYN/ACK or RST from a service port to an ephemeral port. */
    public static SyntheticPacket backscatter(RandomGenerator r, long ts, int src, int dst, int ttl, String country) {
        int flags = BACKSCATTER_FLAGS[BACKSCATTER_KIND.pick(r)];
        return reply(r, ts, src, dst, BACKSCATTER_SERVICE_PORTS.pick(r), flags, ttl, country,
                SyntheticPacket.NO_EVENT);
    }

    /** A victim's answer to a spoofed packet: SYN/ACK or RST from its service port. */
    public static SyntheticPacket reply(RandomGenerator r, long ts, int src, int dst, int srcPort, int flags, int ttl,
            String country, int event) {
        boolean synAck = (flags & TcpFlags.SYN) != 0;
        int window = synAck ? SYNACK_WINDOWS[r.nextInt(SYNACK_WINDOWS.length)] : 0;
        return new SyntheticPacket(ts, src, dst, IpProtocol.TCP, srcPort, ephemeralPort(r), flags,
                r.nextInt(), (flags & TcpFlags.ACK) != 0 ? r.nextInt() : 0, window, -1, -1, ttl, r.nextInt(65536), 0,
                country, event, false, false);
    }
}
