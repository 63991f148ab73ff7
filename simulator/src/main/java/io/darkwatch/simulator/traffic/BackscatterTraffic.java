package io.darkwatch.simulator.traffic;

import io.darkwatch.common.packet.TcpFlags;
import io.darkwatch.simulator.scenario.BackscatterEvent;
import java.util.SplittableRandom;

/** A backscatter event: SYN/ACKs from a fixed set of victims' service ports to random darknet addresses. */
final class BackscatterTraffic extends ParticipantTraffic {
    private final String country;

    BackscatterTraffic(TrafficPlan plan, int index, SourcePicker picker, SplittableRandom random,
            Timestamps timestamps) {
        this(plan, index, (BackscatterEvent) plan.scenario().events().get(index), picker, random, timestamps);
    }

    private BackscatterTraffic(TrafficPlan plan, int index, BackscatterEvent event, SourcePicker picker,
            SplittableRandom random, Timestamps timestamps) {
        super(plan, index, event.ports(),
                Participants.draw(picker, event.victims(), random, "victims in " + event.country()), random,
                timestamps);
        this.country = event.country();
    }

    @Override
    SyntheticPacket packet(SplittableRandom random, long ts, int victim, int ttl, int dst, int port, int eventIndex) {
        // The victim answers from the attacked service's port: that is the packet's source port.
        return PacketShapes.reply(random, ts, victim, dst, port, TcpFlags.SYN | TcpFlags.ACK, ttl, country, eventIndex);
    }

    Participants victims() {
        return participants();
    }
}
