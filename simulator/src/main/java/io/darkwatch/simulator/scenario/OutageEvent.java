package io.darkwatch.simulator.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A country cut off from the Internet: every packet from it (normal traffic and any event traffic)
 * is thinned to {@code remaining} of its rate. Overlapping outages multiply.
 *
 * @param remaining 0..1 of the traffic that still gets out; 0 is a full shutdown
 */
public record OutageEvent(String country, Instant start, Duration duration, double remaining)
        implements ScenarioEvent {

    public static final String TYPE = "outage";

    public OutageEvent {
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Problems problems = new Problems();
        check(problems, country, start, duration, remaining);
        problems.throwIfAny("outage event");
    }

    static void check(Problems p, String country, Instant start, Duration duration, Double remaining) {
        ScenarioEvent.checkTiming(p, country, start, duration);
        if (remaining != null) {
            p.at("remaining").require(CountryProfile.isFraction(remaining), "must be 0..1, not " + remaining);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
