package io.darkwatch.streams.testing;

import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.packet.TcpFlags;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Generated packet summaries: Poisson arrivals (exponential gaps) of scans, backscatter and UDP per
 * country and time span, merged in time order. What a /24 sensor would hand capture-producer.
 */
public final class PacketTraffic {
    /** What a generated packet is. */
    public enum Kind {
        /** TCP SYN to a well-known port: scanning, not backscatter. */
        SCAN,
        /** TCP SYN/ACK from one of the country's victims, from port 80 or 443. */
        BACKSCATTER,
        /** UDP to port 53, 123 or 1900. */
        UDP
    }

    private static final int[] SCAN_PORTS = {22, 23, 80, 443, 445, 3389, 8080};
    private static final int[] UDP_PORTS = {53, 123, 1900};

    private final Random random;
    private final List<PacketSummary> packets = new ArrayList<>();

    public PacketTraffic(long seed) {
        this.random = new Random(seed);
    }

    /** Adds Poisson arrivals of {@code kind} from {@code country} at {@code perSecond} in [from, to). */
    public PacketTraffic add(String country, Kind kind, double perSecond, long fromMillis, long toMillis) {
        double t = fromMillis;
        while (true) {
            t += -Math.log(1.0 - random.nextDouble()) / perSecond * 1000.0;
            if (t >= toMillis) {
                return this;
            }
            packets.add(packet(country, kind, (long) t));
        }
    }

    /**
     * Adds Poisson arrivals of TCP SYN scans from one address of {@code country}, e.g. a heavy scanner
     * that keeps a country's packet count up on its own.
     */
    public PacketTraffic addScanner(String country, IpAddress source, double perSecond, long fromMillis,
            long toMillis) {
        double t = fromMillis;
        while (true) {
            t += -Math.log(1.0 - random.nextDouble()) / perSecond * 1000.0;
            if (t >= toMillis) {
                return this;
            }
            PacketSummary p = packet(country, Kind.SCAN, (long) t);
            packets.add(new PacketSummary(p.timestampNanos(), p.sensorId(), source, p.dst(), p.protocol(),
                    p.srcPort(), p.dstPort(), p.tcpFlags(), p.icmpType(), p.icmpCode(), p.ttl(), p.length(),
                    p.country(), p.asn(), p.hints()));
        }
    }

    /** Adds one packet of {@code kind} at {@code timeMillis}. */
    public PacketTraffic addOne(String country, Kind kind, long timeMillis) {
        packets.add(packet(country, kind, timeMillis));
        return this;
    }

    /** All packets added so far, oldest first. */
    public List<PacketSummary> sorted() {
        List<PacketSummary> out = new ArrayList<>(packets);
        out.sort(Comparator.comparingLong(PacketSummary::timestampNanos));
        return out;
    }

    /** The address of victim {@code i} (0-3) of a country, e.g. the busiest victim in a surge. */
    public static IpAddress victim(String country, int i) {
        return IpAddress.ofV4((198 << 24) | (51 << 16) | ((country.charAt(0) + country.charAt(1)) % 256 << 8) | (10 + i));
    }

    private PacketSummary packet(String country, Kind kind, long millis) {
        IpAddress dst = IpAddress.ofV4((192 << 24) | (0 << 16) | (2 << 8) | random.nextInt(256));
        long nanos = millis * 1_000_000L;
        return switch (kind) {
            case SCAN -> new PacketSummary(nanos, "s1", source(country), dst, IpProtocol.TCP,
                    1024 + random.nextInt(60000), SCAN_PORTS[random.nextInt(SCAN_PORTS.length)], TcpFlags.SYN, -1, -1,
                    64, 60, country, 64500, 0);
            case BACKSCATTER -> new PacketSummary(nanos, "s1", victim(country, victimIndex()), dst, IpProtocol.TCP,
                    random.nextInt(3) == 0 ? 80 : 443, 1024 + random.nextInt(60000), TcpFlags.SYN | TcpFlags.ACK,
                    -1, -1, 57, 60, country, 64501, 0);
            case UDP -> new PacketSummary(nanos, "s1", source(country), dst, IpProtocol.UDP,
                    1024 + random.nextInt(60000), UDP_PORTS[random.nextInt(UDP_PORTS.length)], 0, -1, -1, 50, 80,
                    country, 64502, 0);
        };
    }

    // Victim 0 answers half the time, the others share the rest: a clear "top victim".
    private int victimIndex() {
        return random.nextBoolean() ? 0 : 1 + random.nextInt(3);
    }

    private IpAddress source(String country) {
        return IpAddress.ofV4((203 << 24) | (((country.charAt(0) * 31 + country.charAt(1)) % 256) << 16)
                | random.nextInt(65536));
    }
}
