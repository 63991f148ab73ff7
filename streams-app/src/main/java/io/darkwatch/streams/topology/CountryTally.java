package io.darkwatch.streams.topology;

import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.packet.SpoofingHints;
import io.darkwatch.common.packet.TcpFlags;
import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.streams.detect.AttackVectorTracker;
import io.darkwatch.streams.detect.VictimAttack;
import io.darkwatch.streams.detect.WindowObservation;
import io.darkwatch.streams.distinct.DistinctSketch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One country's signals in one open window, counted in memory packet by packet: totals, flag sets,
 * destination ports, SYN/ACK victims, the ports they answered from and the attacks on each victim
 * ({@link AttackVectorTracker}), and — when a detector reads
 * them — scanned ports, the distinct sources of packets that are not backscatter, and per scanning
 * netblock a sketch of the ports it probed ({@link DistinctSketch}).
 */
final class CountryTally {
    private final boolean scanSignals;
    private final boolean uniqueSources;
    private long packets;
    private long synAck;
    private long backscatter;
    private long scan;
    private long suspect;
    private final PortCounts flags = new PortCounts();
    private final PortCounts dstPorts = new PortCounts();
    private final PortCounts victimPorts = new PortCounts();
    private final PortCounts scanPorts = new PortCounts();
    private final Map<IpAddress, Victim> victims = new HashMap<>();
    private byte[] sources;
    private final Map<IpAddress, byte[]> netblockPorts = new HashMap<>();

    /**
     * @param scanSignals   keep scanned ports and per-netblock port sketches (scan detectors on)
     * @param uniqueSources keep the distinct-sources sketch (outage signal on unique sources)
     */
    CountryTally(boolean scanSignals, boolean uniqueSources) {
        this.scanSignals = scanSignals;
        this.uniqueSources = uniqueSources;
    }

    void add(PacketSummary p) {
        packets++;
        boolean isBackscatter = p.isBackscatter();
        if (isBackscatter) {
            backscatter++;
        }
        if (p.isSynAck()) {
            synAck++;
            Victim victim = victims.computeIfAbsent(p.src(), Victim::new);
            victim.packets++;
            victim.attacks.add(p.timestampMillis(), p.asn());
            victimPorts.add(p.srcPort(), 1);
        }
        if (p.isTcp()) {
            flags.add(p.tcpFlags() & TcpFlags.MASK, 1);
        }
        if (p.isTcp() || p.protocol() == IpProtocol.UDP) {
            dstPorts.add(p.dstPort(), 1);
        }
        if (p.isScan()) {
            scan++;
            if (scanSignals) {
                scanPorts.add(p.dstPort(), 1);
                netblockPorts.compute(Netblocks.of(p.src()),
                        (block, sketch) -> DistinctSketch.add(sketch, DistinctSketch.hash(0L, p.dstPort())));
            }
        }
        boolean spoofSuspect = !isBackscatter && SpoofingHints.isSuspect(p.hints());
        if (spoofSuspect) {
            suspect++;
        }
        if (uniqueSources && !isBackscatter && !spoofSuspect) {
            // Backscatter's sources are the victims of spoofed floods elsewhere, and a packet with one of
            // corsaro's spoofing hints may carry any source at all: neither is a host of the country
            // reaching out, so both are left out of the outage signal, as IODA does.
            sources = DistinctSketch.add(sources, DistinctSketch.hash(p.src().high(), p.src().low()));
        }
    }

    long packets() {
        return packets;
    }

    long scanPackets(int port) {
        return scanPorts.get(port);
    }

    /** Distinct sources of packets that are not backscatter; 0 when not kept. */
    long uniqueSources() {
        return sources == null ? 0 : DistinctSketch.estimate(sources);
    }

    /** Distinct ports the netblock scanned; 0 when not kept or never seen. */
    long portsScannedBy(IpAddress netblock) {
        byte[] sketch = netblockPorts.get(netblock);
        return sketch == null ? 0 : DistinctSketch.estimate(sketch);
    }

    boolean keepsSketches() {
        return sources != null || !netblockPorts.isEmpty();
    }

    WindowObservation toObservation(String country, long start, long end, int topN) {
        TopCounts<Integer> ports = dstPorts.top(topN);
        Map<String, Long> victimCounts = new HashMap<>();
        Map<String, Integer> asns = new HashMap<>();
        List<VictimAttack> attacks = new ArrayList<>();
        victims.forEach((address, victim) -> {
            String name = address.toString();
            victimCounts.put(name, victim.packets);
            if (victim.attacks.asn() != 0) {
                asns.put(name, victim.attacks.asn());
            }
            attacks.addAll(victim.attacks.finish());
        });
        attacks.sort(Comparator.comparingLong(VictimAttack::packets).reversed().thenComparing(VictimAttack::victim));
        CountryWindow window = new CountryWindow(country, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end),
                packets, synAck, backscatter, scan, flags.toMap(), ports.top(), ports.rest(),
                TopCounts.of(victimCounts, topN).top(), victimPorts.top(topN).top());
        // Only the listed victims' AS numbers go to the detectors' details.
        Map<String, Integer> victimAsns = new HashMap<>(asns);
        victimAsns.keySet().retainAll(window.synAckSources().keySet());
        Map<String, Long> sweeps = new HashMap<>();
        netblockPorts.forEach((block, sketch) -> sweeps.put(Netblocks.label(block), DistinctSketch.estimate(sketch)));
        return new WindowObservation(window, victims.size(), uniqueSources(),
                scanPorts.top(topN).top(), TopCounts.of(sweeps, topN).top(),
                attacks.subList(0, Math.min(topN, attacks.size())), attacks.size(), victimAsns, suspect);
    }

    /** A SYN/ACK source: its packets and the attacks they form. */
    private static final class Victim {
        long packets;
        final AttackVectorTracker attacks;

        Victim(IpAddress address) {
            attacks = new AttackVectorTracker(address.toString());
        }
    }
}
