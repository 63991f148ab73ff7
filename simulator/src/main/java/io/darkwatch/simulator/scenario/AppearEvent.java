package io.darkwatch.simulator.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A country the sensor has never heard from that starts sending (a new network announced, a
 * routing change, a newly infected population): before {@code start} the country sends nothing at
 * all, from {@code start} on its normal traffic and its events. In a file it has only
 * {@code type}, {@code country} and {@code start}; its duration is the rest of the capture, so that
 * it is placed and reported like any other event.
 */
public record AppearEvent(String country, Instant start, Duration duration) implements ScenarioEvent {

    public static final String TYPE = "appear";

    public AppearEvent {
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Problems problems = new Problems();
        check(problems, country, start, duration);
        problems.throwIfAny("appear event");
    }

    /** An appearance at {@code start} in a capture that ends at {@code captureEnd}. */
    public static AppearEvent at(String country, Instant start, Instant captureEnd) {
        return new AppearEvent(country, start, Duration.between(start, captureEnd));
    }

    static void check(Problems p, String country, Instant start, Duration duration) {
        ScenarioEvent.checkTiming(p, country, start, duration);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
