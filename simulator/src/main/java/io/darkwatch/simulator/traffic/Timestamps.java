package io.darkwatch.simulator.traffic;

import java.util.random.RandomGenerator;

/** Uniform arrival instants within a second, at the capture's precision, so report and file agree. */
final class Timestamps {
    private final long unitNanos;
    private final long unitsPerSecond;

    Timestamps(long unitNanos) {
        this.unitNanos = unitNanos;
        this.unitsPerSecond = 1_000_000_000L / unitNanos;
    }

    long within(long epochSecond, RandomGenerator random) {
        return epochSecond * 1_000_000_000L + random.nextLong(unitsPerSecond) * unitNanos;
    }
}
