package io.darkwatch.simulator.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A DDoS on hosts in one country with spoofed sources: the victims' SYN/ACK answers reach the
 * darknet on top of the country's normal traffic.
 *
 * @param rate    SYN/ACK packets per second reaching the darknet, added to normal traffic
 * @param victims how many distinct victim addresses answer (each packet comes from one of them)
 * @param ports   the victims' service ports, i.e. the SYN/ACKs' source ports
 */
public record BackscatterEvent(String country, Instant start, Duration duration, double rate, int victims,
        List<Integer> ports) implements ScenarioEvent {

    public static final String TYPE = "backscatter";

    public BackscatterEvent {
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(ports, "ports");
        ports = List.copyOf(ports);
        Problems problems = new Problems();
        check(problems, country, start, duration, rate, victims, ports);
        problems.throwIfAny("backscatter event");
    }

    static void check(Problems p, String country, Instant start, Duration duration, Double rate, Integer victims,
            List<Integer> ports) {
        ScenarioEvent.checkTiming(p, country, start, duration);
        if (rate != null) {
            p.at("rate").require(rate > 0 && rate <= CountryProfile.MAX_RATE, "must be > 0 and ≤ "
                    + (long) CountryProfile.MAX_RATE + " packets/s, not " + rate);
        }
        if (victims != null) {
            p.at("victims").require(victims >= 1 && victims <= 100_000, "must be 1..100000, not " + victims);
        }
        ScenarioEvent.checkPorts(p.at("ports"), ports);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
