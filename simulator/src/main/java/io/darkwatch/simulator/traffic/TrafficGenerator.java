package io.darkwatch.simulator.traffic;

import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.simulator.geo.CountryAddressBook;
import io.darkwatch.simulator.pcap.TimestampPrecision;
import io.darkwatch.simulator.scenario.BackscatterEvent;
import io.darkwatch.simulator.scenario.ScanEvent;
import io.darkwatch.simulator.scenario.Scenario;
import io.darkwatch.simulator.scenario.ScenarioEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * All of a scenario's traffic sources, second by second, in time order. Each source has its own
 * random stream (see {@link Streams}), and sources are asked in a fixed order, so one scenario
 * always produces the same packets.
 */
public final class TrafficGenerator {
    private static final Comparator<SyntheticPacket> BY_TIME = Comparator.comparingLong(
            SyntheticPacket::timestampNanos);

    private final TrafficPlan plan;
    private final List<TrafficSource> sources = new ArrayList<>();
    private final Map<Integer, Participants> participants = new LinkedHashMap<>();
    private final NoiseTraffic noise;

    /**
     * @throws IllegalArgumentException when the address book lacks a scenario country
     */
    public TrafficGenerator(Scenario scenario, CountryAddressBook addresses) {
        this.plan = new TrafficPlan(scenario);
        List<String> missing = scenario.countryCodes().stream().filter(c -> !addresses.hasCountry(c)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("scenario " + scenario.name() + " names countries with no IPv4 "
                    + "addresses in the geo database (" + addresses.source() + "): " + String.join(", ", missing));
        }
        long seed = scenario.seed();
        Timestamps timestamps = new Timestamps(scenario.timestamps() == TimestampPrecision.NANOS ? 1 : 1_000);
        for (int c = 0; c < scenario.countries().size(); c++) {
            String code = scenario.countries().get(c).code();
            sources.add(new CountryTraffic(plan, c, picker(addresses, scenario, code),
                    Streams.forLabel(seed, "country:" + code), timestamps));
        }
        for (int e = 0; e < scenario.events().size(); e++) {
            ScenarioEvent event = scenario.events().get(e);
            SourcePicker picker = picker(addresses, scenario, event.country());
            if (event instanceof BackscatterEvent) {
                BackscatterTraffic t = new BackscatterTraffic(plan, e, picker, Streams.forLabel(seed, "event:" + e),
                        timestamps);
                participants.put(e, t.victims());
                sources.add(t);
            } else if (event instanceof ScanEvent) {
                ScanTraffic t = new ScanTraffic(plan, e, picker, Streams.forLabel(seed, "event:" + e), timestamps);
                participants.put(e, t.scanners());
                sources.add(t);
            }
            // Outages only change rates: TrafficPlan applies them to every source of their country.
        }
        if (scenario.noise().isNone()) {
            noise = null;
        } else {
            Set<String> named = scenario.countryCodes();
            List<String> others = addresses.countries().stream().filter(c -> !named.contains(c)).toList();
            if (others.isEmpty()) {
                throw new IllegalArgumentException("scenario " + scenario.name() + " asks for noise, but it names "
                        + "every country of the geo database");
            }
            noise = new NoiseTraffic(plan, others, others.stream().map(c -> picker(addresses, scenario, c)).toList(),
                    Streams.forLabel(seed, "noise"), timestamps);
            sources.add(noise);
        }
    }

    private static SourcePicker picker(CountryAddressBook addresses, Scenario scenario, String code) {
        return new SourcePicker(addresses.pool(code), scenario.darknet(), code);
    }

    public TrafficPlan plan() {
        return plan;
    }

    /** Replaces {@code out}'s contents with the packets of one second, sorted by time (ties in source order). */
    public void second(long epochSecond, List<SyntheticPacket> out) {
        out.clear();
        for (TrafficSource source : sources) {
            source.emit(epochSecond, out);
        }
        // List.sort is stable, so equal timestamps keep the fixed source order: deterministic output.
        out.sort(BY_TIME);
    }

    /** The victims (backscatter) or scanners (scan) of an event, as dotted quads; empty for an outage. */
    public List<String> eventParticipants(int event) {
        Participants p = participants.get(event);
        if (p == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(p.size());
        for (int i = 0; i < p.size(); i++) {
            out.add(IpAddress.ofV4(p.address(i)).toString());
        }
        return out;
    }

    /** Expected noise packets per country over the whole capture; empty without noise. */
    public Map<String, Double> expectedNoisePackets() {
        Map<String, Double> out = new LinkedHashMap<>();
        if (noise != null) {
            double total = plan.noiseRate() * plan.scenario().durationSeconds();
            for (int i = 0; i < noise.countries().size(); i++) {
                out.put(noise.countries().get(i), total * noise.share(i));
            }
        }
        return out;
    }
}
