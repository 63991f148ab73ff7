package io.darkwatch.simulator.traffic;

import io.darkwatch.simulator.scenario.Ipv4Cidr;
import io.darkwatch.simulator.scenario.ScenarioEvent;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An event whose packets come from a fixed set of participants (victims, scanners) to the
 * event's ports on random darknet addresses, at the event's Poisson rate. Subclasses say only what
 * one packet looks like. The random draws happen in one fixed order, so a scenario keeps giving the
 * same bytes.
 */
abstract class ParticipantTraffic implements TrafficSource {
    private final TrafficPlan plan;
    private final int index;
    private final ScenarioEvent event;
    private final List<Integer> ports;
    private final Participants participants;
    private final Ipv4Cidr darknet;
    private final SplittableRandom random;
    private final Timestamps timestamps;

    ParticipantTraffic(TrafficPlan plan, int index, List<Integer> ports, Participants participants,
            SplittableRandom random, Timestamps timestamps) {
        this.plan = plan;
        this.index = index;
        this.event = plan.scenario().events().get(index);
        this.ports = ports;
        this.participants = participants;
        this.darknet = plan.scenario().darknet();
        this.random = random;
        this.timestamps = timestamps;
    }

    @Override
    public final void emit(long epochSecond, List<SyntheticPacket> out) {
        if (!event.covers(epochSecond)) {
            return;
        }
        int n = Poisson.sample(random, plan.eventRate(index, epochSecond));
        for (int i = 0; i < n; i++) {
            long ts = timestamps.within(epochSecond, random);
            int p = random.nextInt(participants.size());
            int port = ports.get(random.nextInt(ports.size()));
            int dst = darknet.addressAt(random.nextLong(darknet.size()));
            out.add(packet(random, ts, participants.address(p), participants.ttl(p), dst, port, index));
        }
    }

    /** One packet from participant address {@code src} to darknet address {@code dst} on {@code port}. */
    abstract SyntheticPacket packet(SplittableRandom random, long timestampNanos, int src, int ttl, int dst, int port,
            int eventIndex);

    Participants participants() {
        return participants;
    }
}
