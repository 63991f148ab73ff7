package io.darkwatch.simulator.traffic;

import io.darkwatch.simulator.scenario.Ipv4Cidr;
import io.darkwatch.simulator.scenario.ScanEvent;
import java.util.List;
import java.util.SplittableRandom;

/** A scan event: TCP SYNs from a fixed set of scanners to the event's ports on random darknet addresses. */
final class ScanTraffic implements TrafficSource {
    /** masscan's default window, a common fingerprint of mass scanners. */
    private static final int SCANNER_WINDOW = 1024;

    private final TrafficPlan plan;
    private final int index;
    private final ScanEvent event;
    private final Participants scanners;
    private final Ipv4Cidr darknet;
    private final SplittableRandom random;
    private final Timestamps timestamps;

    ScanTraffic(TrafficPlan plan, int index, SourcePicker picker, SplittableRandom random, Timestamps timestamps) {
        this.plan = plan;
        this.index = index;
        this.event = (ScanEvent) plan.scenario().events().get(index);
        this.darknet = plan.scenario().darknet();
        this.random = random;
        this.timestamps = timestamps;
        this.scanners = Participants.draw(picker, event.sources(), random, "scanners in " + event.country());
    }

    @Override
    public void emit(long epochSecond, List<SyntheticPacket> out) {
        if (!event.covers(epochSecond)) {
            return;
        }
        int n = Poisson.sample(random, plan.eventRate(index, epochSecond));
        for (int i = 0; i < n; i++) {
            long ts = timestamps.within(epochSecond, random);
            int s = random.nextInt(scanners.size());
            int port = event.ports().get(random.nextInt(event.ports().size()));
            int dst = darknet.addressAt(random.nextLong(darknet.size()));
            out.add(PacketShapes.synProbe(random, ts, scanners.address(s), dst, port, scanners.ttl(s),
                    SCANNER_WINDOW, event.country(), index, false, false));
        }
    }

    Participants scanners() {
        return scanners;
    }
}
