package io.darkwatch.simulator.traffic;

import io.darkwatch.simulator.scenario.ScanEvent;
import java.util.SplittableRandom;

/** A scan event: TCP SYNs from a fixed set of scanners to the event's ports on random darknet addresses. */
final class ScanTraffic extends ParticipantTraffic {
    /** masscan's default window, a common fingerprint of mass scanners. */
    private static final int SCANNER_WINDOW = 1024;

    private final String country;

    ScanTraffic(TrafficPlan plan, int index, SourcePicker picker, SplittableRandom random, Timestamps timestamps) {
        this(plan, index, (ScanEvent) plan.scenario().events().get(index), picker, random, timestamps);
    }

    private ScanTraffic(TrafficPlan plan, int index, ScanEvent event, SourcePicker picker, SplittableRandom random,
            Timestamps timestamps) {
        super(plan, index, event.ports(),
                Participants.draw(picker, event.sources(), random, "scanners in " + event.country()), random,
                timestamps);
        this.country = event.country();
    }

    @Override
    SyntheticPacket packet(SplittableRandom random, long ts, int scanner, int ttl, int dst, int port, int eventIndex) {
        return PacketShapes.synProbe(random, ts, scanner, dst, port, ttl, SCANNER_WINDOW, country, eventIndex, false,
                false);
    }

    Participants scanners() {
        return participants();
    }
}
