package io.darkwatch.simulator.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A destination port going out of fashion in one country (a worm's scanners being cleaned up, a
 * service no longer worth probing): over the event the share of the country's probes that go to
 * {@code port} falls linearly from its normal share to {@code remaining} of it, and stays there until
 * the capture ends. The probes that no longer go to the port go to the country's other ports
 * instead, so the country's packet rate does not change: only the port mix does.
 *
 * @param port      the destination port (TCP and UDP probes) whose share falls
 * @param remaining 0..1 of the port's normal share left once the decline is over
 */
public record PortDeclineEvent(String country, Instant start, Duration duration, int port, double remaining)
        implements ScenarioEvent {

    public static final String TYPE = "port-decline";

    public PortDeclineEvent {
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Problems problems = new Problems();
        check(problems, country, start, duration, port, remaining);
        problems.throwIfAny("port-decline event");
    }

    static void check(Problems p, String country, Instant start, Duration duration, Integer port, Double remaining) {
        ScenarioEvent.checkTiming(p, country, start, duration);
        if (port != null) {
            p.at("port").require(port >= 1 && port <= 65535, "port must be 1..65535, not " + port);
        }
        if (remaining != null) {
            p.at("remaining").require(CountryProfile.isFraction(remaining), "must be 0..1, not " + remaining);
        }
    }

    /**
     * The fraction of the port's normal share left at {@code epochSecond} (middle of the second): 1
     * before the event, falling linearly to {@link #remaining} at its end, {@link #remaining} after it.
     */
    public double shareFactor(long epochSecond) {
        double t = epochSecond + 0.5;
        double from = start().getEpochSecond();
        double to = end().getEpochSecond();
        if (t <= from) {
            return 1.0;
        }
        if (t >= to) {
            return remaining;
        }
        return 1.0 - (1.0 - remaining) * (t - from) / (to - from);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
