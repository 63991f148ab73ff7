package io.darkwatch.streams.topology;

import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.streams.detect.WindowObservation;
import io.darkwatch.streams.distinct.DistinctSketch;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Gathers one country's counts from the store while its window closes, then builds the window. */
final class WindowAccumulator {
    private long packets;
    private long synAck;
    private long backscatter;
    private long scan;
    private final Map<Integer, Long> flags = new HashMap<>();
    private final Map<Integer, Long> dstPorts = new HashMap<>();
    private final Map<String, Long> victims = new HashMap<>();
    private final Map<Integer, Long> victimPorts = new HashMap<>();
    private final Map<Integer, Long> scanPorts = new HashMap<>();
    private byte[] sources;
    private final Map<String, byte[]> netblockPorts = new HashMap<>();

    /** Adds one store entry of this country and window. */
    void add(byte[] key, byte[] value) {
        switch (SignalKeys.dimension(key)) {
            case SignalKeys.TOTALS -> {
                packets += Counters.get(value, Counters.PACKETS);
                synAck += Counters.get(value, Counters.SYN_ACK);
                backscatter += Counters.get(value, Counters.BACKSCATTER);
                scan += Counters.get(value, Counters.SCAN);
            }
            case SignalKeys.FLAGS -> flags.merge(SignalKeys.u16(key), Counters.get(value, 0), Long::sum);
            case SignalKeys.DST_PORT -> dstPorts.merge(SignalKeys.u16(key), Counters.get(value, 0), Long::sum);
            case SignalKeys.VICTIM -> victims.merge(SignalKeys.address(key).toString(), Counters.get(value, 0),
                    Long::sum);
            case SignalKeys.VICTIM_PORT -> victimPorts.merge(SignalKeys.u16(key), Counters.get(value, 0), Long::sum);
            case SignalKeys.SCAN_PORT -> scanPorts.merge(SignalKeys.u16(key), Counters.get(value, 0), Long::sum);
            case SignalKeys.UNIQUE_SOURCES -> sources = DistinctSketch.merge(sources, value);
            case SignalKeys.SCAN_NETBLOCK -> netblockPorts.merge(Netblocks.label(SignalKeys.address(key)), value,
                    DistinctSketch::merge);
            default -> throw new IllegalStateException("unknown dimension " + SignalKeys.dimension(key)
                    + " in the signal-counts store; was it written by a newer version?");
        }
    }

    WindowObservation toObservation(String country, long start, long end, int topN) {
        TopCounts<Integer> ports = TopCounts.of(dstPorts, topN);
        CountryWindow window = new CountryWindow(country, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end),
                packets, synAck, backscatter, scan, flags, ports.top(), ports.rest(),
                TopCounts.of(victims, topN).top(), TopCounts.of(victimPorts, topN).top());
        Map<String, Long> sweeps = new HashMap<>();
        netblockPorts.forEach((block, sketch) -> sweeps.put(block, DistinctSketch.estimate(sketch)));
        return new WindowObservation(window, victims.size(), DistinctSketch.estimate(sources),
                TopCounts.of(scanPorts, topN).top(), TopCounts.of(sweeps, topN).top());
    }
}
