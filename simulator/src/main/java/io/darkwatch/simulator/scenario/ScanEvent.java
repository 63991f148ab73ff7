package io.darkwatch.simulator.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A scanning campaign from one country: TCP SYN probes to a few ports (think Mirai on 23/TCP),
 * on top of the country's normal traffic.
 *
 * @param rate    SYN packets per second reaching the darknet
 * @param ports   destination ports probed
 * @param sources how many distinct scanning addresses take part
 */
public record ScanEvent(String country, Instant start, Duration duration, double rate, List<Integer> ports,
        int sources) implements ScenarioEvent {

    public static final String TYPE = "scan";

    public ScanEvent {
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(ports, "ports");
        ports = List.copyOf(ports);
        Problems problems = new Problems();
        check(problems, country, start, duration, rate, ports, sources);
        problems.throwIfAny("scan event");
    }

    static void check(Problems p, String country, Instant start, Duration duration, Double rate, List<Integer> ports,
            Integer sources) {
        ScenarioEvent.checkTiming(p, country, start, duration);
        if (rate != null) {
            p.at("rate").require(rate > 0 && rate <= CountryProfile.MAX_RATE, "must be > 0 and ≤ "
                    + (long) CountryProfile.MAX_RATE + " packets/s, not " + rate);
        }
        ScenarioEvent.checkPorts(p.at("ports"), ports);
        if (sources != null) {
            p.at("sources").require(sources >= 1 && sources <= 100_000, "must be 1..100000, not " + sources);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
