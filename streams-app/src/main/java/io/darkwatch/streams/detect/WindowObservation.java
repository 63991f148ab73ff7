package io.darkwatch.streams.detect;

import io.darkwatch.common.signal.CountryWindow;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the detectors see of one closed country window: the window as published, plus counts that
 * the published record does not carry (yet) or keeps only the top entries of.
 *
 * @param window          the country window
 * @param distinctVictims how many distinct addresses sent SYN/ACK in the window (the record's
 *                        {@code synAckSources} holds only the top ones)
 * @param uniqueSources   distinct source addresses of the packets that are not backscatter: exact up
 *                        to 64, a HyperLogLog estimate (±2.3 %) above; the outage detector's signal
 *                        with {@code outage.signal=unique-sources}
 * @param scanPorts       scan packets (TCP SYN without ACK) per destination port, the top ports only,
 *                        largest first; the scan-surge detector's signal
 * @param scanNetblocks   distinct destination ports scanned per source netblock (/24, IPv6 /48),
 *                        the top blocks only, largest first; the scan-sweep detector's signal
 * @param attacks         DDoS attacks on single victims by corsaro's rule ({@link AttackVectorTracker}),
 *                        the largest only, largest first
 * @param attackCount     how many attacks there were in all
 * @param victimAsns      the autonomous system of the listed victims ({@code window.synAckSources()}),
 *                        only those known (an ASN database configured at the capture)
 * @param suspectPackets  packets that are not backscatter but carry one of corsaro's spoofing hints
 *                        ({@code SpoofingHints.CORSARO_SPOOFED}); left out of the outage signal
 */
public record WindowObservation(CountryWindow window, long distinctVictims, long uniqueSources,
        Map<Integer, Long> scanPorts, Map<String, Long> scanNetblocks, List<VictimAttack> attacks, long attackCount,
        Map<String, Integer> victimAsns, long suspectPackets) {

    public WindowObservation {
        Objects.requireNonNull(window, "window");
        if (distinctVictims < window.synAckSources().size()) {
            throw new IllegalArgumentException("distinct victims " + distinctVictims + " fewer than the "
                    + window.synAckSources().size() + " listed");
        }
        if (uniqueSources < 0) {
            throw new IllegalArgumentException("negative unique sources " + uniqueSources);
        }
        scanPorts = ordered(scanPorts);
        scanNetblocks = ordered(scanNetblocks);
        attacks = attacks == null ? List.of() : List.copyOf(attacks);
        if (attackCount < attacks.size()) {
            throw new IllegalArgumentException("attack count " + attackCount + " below the " + attacks.size() + " listed");
        }
        victimAsns = victimAsns == null ? Map.of() : Map.copyOf(victimAsns);
        if (suspectPackets < 0 || suspectPackets > window.packets() - window.backscatter()) {
            throw new IllegalArgumentException(suspectPackets + " suspect packets in a window of " + window.packets()
                    + " packets, " + window.backscatter() + " of them backscatter");
        }
    }

    /** An observation with attacks but without the victims' autonomous systems. */
    public WindowObservation(CountryWindow window, long distinctVictims, long uniqueSources,
            Map<Integer, Long> scanPorts, Map<String, Long> scanNetblocks, List<VictimAttack> attacks, long attackCount) {
        this(window, distinctVictims, uniqueSources, scanPorts, scanNetblocks, attacks, attackCount, Map.of(), 0);
    }

    /** The packets of the outage signal: neither backscatter nor suspected of being spoofed. */
    public long outagePackets() {
        return window.packets() - window.backscatter() - suspectPackets;
    }

    /** An observation without victim attacks. */
    public WindowObservation(CountryWindow window, long distinctVictims, long uniqueSources,
            Map<Integer, Long> scanPorts, Map<String, Long> scanNetblocks) {
        this(window, distinctVictims, uniqueSources, scanPorts, scanNetblocks, List.of(), 0);
    }

    /** An observation without netblock sweeps. */
    public WindowObservation(CountryWindow window, long distinctVictims, long uniqueSources,
            Map<Integer, Long> scanPorts) {
        this(window, distinctVictims, uniqueSources, scanPorts, Map.of());
    }

    // Keeps the writer's order (largest first), which the detectors' details show.
    private static <K> Map<K, Long> ordered(Map<K, Long> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** An observation without the counts of sources and scanned ports (zero). */
    public WindowObservation(CountryWindow window, long distinctVictims) {
        this(window, distinctVictims, 0, Map.of());
    }

    /** An observation of a window as published, when nothing beyond it is known. */
    public static WindowObservation of(CountryWindow window) {
        return new WindowObservation(window, window.synAckSources().size());
    }

    /** The scan packets of the most scanned destination port, 0 when there were none. */
    public long topScanPortPackets() {
        return scanPorts.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** The most destination ports one source netblock scanned, 0 when there were no scans. */
    public long topNetblockPorts() {
        return scanNetblocks.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    public String country() {
        return window.country();
    }

    public long windowStartMillis() {
        return window.windowStart().toEpochMilli();
    }

    public long windowEndMillis() {
        return window.windowEnd().toEpochMilli();
    }
}
