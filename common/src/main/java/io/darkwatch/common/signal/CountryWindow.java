package io.darkwatch.common.signal;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The signals of one source country in one closed event-time window: what the detectors evaluate
 * and what the {@code darkwatch.country-windows} topic carries for dashboards and summaries. A
 * window in which the country sent nothing is still emitted, with zeros, so that silence is seen.
 *
 * @param country        ISO 3166-1 alpha-2
 * @param windowStart    inclusive
 * @param windowEnd      exclusive
 * @param packets        all packets
 * @param synAck         TCP packets with SYN and ACK set
 * @param backscatter    backscatter packets (SYN/ACK, RST, ICMP replies and errors)
 * @param scan           TCP SYN without ACK
 * @param flagCounts     TCP packets per flag set (key: the nine flag bits as a decimal number)
 * @param dstPortCounts  TCP/UDP packets per destination port, the top ports only (see topPorts setting)
 * @param otherPortPackets TCP/UDP packets to ports left out of {@code dstPortCounts}
 * @param synAckSources  SYN/ACK packets per source address (the victims), top entries only
 * @param synAckPorts    SYN/ACK packets per source port (the ports the victims answered from), top entries only
 */
public record CountryWindow(
        String country,
        Instant windowStart,
        Instant windowEnd,
        long packets,
        long synAck,
        long backscatter,
        long scan,
        Map<Integer, Long> flagCounts,
        Map<Integer, Long> dstPortCounts,
        long otherPortPackets,
        Map<String, Long> synAckSources,
        Map<Integer, Long> synAckPorts) {

    public CountryWindow {
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        flagCounts = ordered(flagCounts);
        dstPortCounts = ordered(dstPortCounts);
        synAckSources = ordered(synAckSources);
        synAckPorts = ordered(synAckPorts);
    }

    /** Keeps the writer's order (Map.copyOf would change it from JVM to JVM, and with it the topic's bytes). */
    private static <K, V> Map<K, V> ordered(Map<K, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** A window in which the country was not heard at all. */
    public static CountryWindow silent(String country, Instant start, Instant end) {
        return new CountryWindow(country, start, end, 0, 0, 0, 0, Map.of(), Map.of(), 0, Map.of(), Map.of());
    }
}
