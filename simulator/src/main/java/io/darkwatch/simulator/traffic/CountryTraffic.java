package io.darkwatch.simulator.traffic;

import io.darkwatch.simulator.scenario.CountryProfile;
import io.darkwatch.simulator.scenario.Ipv4Cidr;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A country's normal traffic: Poisson arrivals at the planned rate, each a probe or (at the
 * country's backscatter share) a backscatter packet. About a third of packets come again from a
 * recently seen source, as scanners send several probes, so unique sources are fewer than packets.
 */
final class CountryTraffic implements TrafficSource {
    static final double REPEAT_SOURCE_SHARE = 0.3;
    private static final int RECENT = 32;

    private final TrafficPlan plan;
    private final int index;
    private final CountryProfile profile;
    private final SourcePicker sources;
    private final Ipv4Cidr darknet;
    private final SplittableRandom random;
    private final Timestamps timestamps;
    private final int[] recentSources = new int[RECENT];
    private final int[] recentTtls = new int[RECENT];
    private int recentCount;
    private int recentNext;

    CountryTraffic(TrafficPlan plan, int index, SourcePicker sources, SplittableRandom random, Timestamps timestamps) {
        this.plan = plan;
        this.index = index;
        this.profile = plan.scenario().countries().get(index);
        this.sources = sources;
        this.darknet = plan.scenario().darknet();
        this.random = random;
        this.timestamps = timestamps;
    }

    @Override
    public void emit(long epochSecond, List<SyntheticPacket> out) {
        int n = Poisson.sample(random, plan.backgroundRate(index, epochSecond));
        for (int i = 0; i < n; i++) {
            long ts = timestamps.within(epochSecond, random);
            int slot = source();
            int src = recentSources[slot];
            int ttl = recentTtls[slot];
            int dst = darknet.addressAt(random.nextLong(darknet.size()));
            out.add(random.nextDouble() < profile.backscatterShare()
                    ? PacketShapes.backscatter(random, ts, src, dst, ttl, profile.code())
                    : probe(epochSecond, ts, src, dst, ttl));
        }
    }

    /**
     * A normal probe. Where a port decline is under way, a probe to the declining port keeps it with
     * the decline's share factor and otherwise goes to another port of the mix (drawn again until it
     * does), so the port's share falls while the country's rate stays; such a probe is marked with the
     * decline's event index for the report.
     */
    private SyntheticPacket probe(long epochSecond, long ts, int src, int dst, int ttl) {
        SyntheticPacket p = PacketShapes.probe(random, ts, src, dst, ttl, profile.code(), false);
        if (!plan.hasPortDeclines(index) || p.dstPort() == 0) {
            return p;
        }
        int port = p.dstPort();
        if (random.nextDouble() < plan.portShareFactor(index, port, epochSecond)) {
            return p;
        }
        do {
            p = PacketShapes.probe(random, ts, src, dst, ttl, profile.code(), false);
        } while (p.dstPort() == port);
        return p.withEvent(plan.portDeclineOf(index, port));
    }

    /** Slot in the recent-source ring of the source to use: a recent one, or a newly drawn one. */
    private int source() {
        if (recentCount > 0 && random.nextDouble() < REPEAT_SOURCE_SHARE) {
            return random.nextInt(recentCount);
        }
        int slot = recentNext;
        recentSources[slot] = sources.pick(random);
        // A host keeps its TTL: its OS sets the initial value and its path the hop count.
        recentTtls[slot] = PacketShapes.receivedTtl(random);
        recentNext = (recentNext + 1) % RECENT;
        recentCount = Math.min(recentCount + 1, RECENT);
        return slot;
    }
}
