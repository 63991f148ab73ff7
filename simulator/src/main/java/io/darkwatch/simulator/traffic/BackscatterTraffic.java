package io.darkwatch.simulator.traffic;

import io.darkwatch.common.packet.TcpFlags;
import io.darkwatch.simulator.scenario.BackscatterEvent;
import io.darkwatch.simulator.scenario.Ipv4Cidr;
import java.util.List;
import java.util.SplittableRandom;

/** A backscatter event: SYN/ACKs from a fixed set of victims' service ports to random darknet addresses. */
final class BackscatterTraffic implements TrafficSource {
    private final TrafficPlan plan;
    private final int index;
    private final BackscatterEvent event;
    private final Participants victims;
    private final Ipv4Cidr darknet;
    private final SplittableRandom random;
    private final Timestamps timestamps;

    BackscatterTraffic(TrafficPlan plan, int index, SourcePicker picker, SplittableRandom random,
            Timestamps timestamps) {
        this.plan = plan;
        this.index = index;
        this.event = (BackscatterEvent) plan.scenario().events().get(index);
        this.darknet = plan.scenario().darknet();
        this.random = random;
        this.timestamps = timestamps;
        this.victims = Participants.draw(picker, event.victims(), random, "victims in " + event.country());
    }

    @Override
    public void emit(long epochSecond, List<SyntheticPacket> out) {
        if (!event.covers(epochSecond)) {
            return;
        }
        int n = Poisson.sample(random, plan.eventRate(index, epochSecond));
        for (int i = 0; i < n; i++) {
            long ts = timestamps.within(epochSecond, random);
            int v = random.nextInt(victims.size());
            int port = event.ports().get(random.nextInt(event.ports().size()));
            int dst = darknet.addressAt(random.nextLong(darknet.size()));
            out.add(PacketShapes.reply(random, ts, victims.address(v), dst, port, TcpFlags.SYN | TcpFlags.ACK,
                    victims.ttl(v), event.country(), index));
        }
    }

    Participants victims() {
        return victims;
    }
}
