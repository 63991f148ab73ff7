package io.darkwatch.simulator.traffic;

import io.darkwatch.simulator.geo.AddressPool;
import io.darkwatch.simulator.scenario.Ipv4Cidr;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Traffic from the rest of the world (countries the scenario does not name, weighted by their
 * address space). A share carries one of corsaro's likely-spoofed marks; the rest is ordinary probes.
 */
final class NoiseTraffic implements TrafficSource {
    private static final int SPOOF_LAST_OCTET = 0;
    private static final int SPOOF_HIGH_TTL = 1;
    private static final int SPOOF_PORT_ZERO = 2;
    private static final int SPOOF_UDP_TO_80 = 3;

    private final TrafficPlan plan;
    private final List<String> countries;
    private final List<SourcePicker> pickers;
    private final WeightedChoice countryChoice;
    private final Ipv4Cidr darknet;
    private final SplittableRandom random;
    private final Timestamps timestamps;

    NoiseTraffic(TrafficPlan plan, List<String> countries, List<SourcePicker> pickers, SplittableRandom random,
            Timestamps timestamps) {
        this.plan = plan;
        this.countries = List.copyOf(countries);
        this.pickers = List.copyOf(pickers);
        this.countryChoice = new WeightedChoice(pickers.stream().mapToDouble(p -> p.pool().size()).toArray());
        this.darknet = plan.scenario().darknet();
        this.random = random;
        this.timestamps = timestamps;
    }

    /** Probability that a noise packet comes from {@code countries.get(i)}. */
    double share(int i) {
        return countryChoice.probability(i);
    }

    List<String> countries() {
        return countries;
    }

    @Override
    public void emit(long epochSecond, List<SyntheticPacket> out) {
        int n = Poisson.sample(random, plan.noiseRate());
        for (int i = 0; i < n; i++) {
            long ts = timestamps.within(epochSecond, random);
            int c = countryChoice.pick(random);
            String country = countries.get(c);
            SourcePicker picker = pickers.get(c);
            int src = picker.pick(random);
            int dst = darknet.addressAt(random.nextLong(darknet.size()));
            int ttl = PacketShapes.receivedTtl(random);
            if (random.nextDouble() >= plan.scenario().noise().spoofedShare()) {
                out.add(PacketShapes.probe(random, ts, src, dst, ttl, country, true));
            } else {
                out.add(spoofed(ts, src, dst, ttl, country, picker.pool()));
            }
        }
    }

    private SyntheticPacket spoofed(long ts, int src, int dst, int ttl, String country, AddressPool pool) {
        int mark = random.nextInt(4);
        if (mark == SPOOF_LAST_OCTET) {
            int edge = (src & 0xffff_ff00) | (random.nextBoolean() ? 0 : 255);
            // The edge address must stay in the same country, or the ground truth would be wrong.
            if (pool.contains(edge) && !darknet.contains(edge)) {
                return PacketShapes.synProbe(random, ts, edge, dst, PacketShapes.ephemeralPort(random), ttl, 1024,
                        country, SyntheticPacket.NO_EVENT, true, true);
            }
            mark = SPOOF_HIGH_TTL;
        }
        return switch (mark) {
            case SPOOF_HIGH_TTL -> PacketShapes.synProbe(random, ts, src, dst, PacketShapes.ephemeralPort(random),
                    201 + random.nextInt(55), 1024, country, SyntheticPacket.NO_EVENT, true, true);
            case SPOOF_PORT_ZERO -> random.nextBoolean()
                    ? PacketShapes.synProbe(random, ts, src, dst, 0, ttl, 1024, country, SyntheticPacket.NO_EVENT,
                    true, true)
                    : PacketShapes.udp(random, ts, src, dst, 0, 0, ttl, country, true, true);
            default -> PacketShapes.udp(random, ts, src, dst, 80, 16, ttl, country, true, true);
        };
    }
}
