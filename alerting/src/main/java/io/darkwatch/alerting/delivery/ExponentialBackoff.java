package io.darkwatch.alerting.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Waits between retries: {@code initial × 2^(retry-1)}, capped at {@code max}, with "equal jitter"
 * (a random point in the upper half of that delay). The jitter keeps several senders that failed
 * together from retrying in lock step; keeping the lower half keeps retries from being immediate.
 */
public final class ExponentialBackoff {
    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;

    public ExponentialBackoff(Duration initial, Duration max, RandomGenerator random) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        this.random = Objects.requireNonNull(random, "random");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration delay(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry counts from 1, not " + retry);
        }
        long ceiling = max.toNanos();
        long nanos = initial.toNanos();
        for (int i = 1; i < retry && nanos < ceiling; i++) {
            nanos = Math.min(ceiling, nanos * 2);
        }
        nanos = Math.min(ceiling, nanos);
        long half = nanos / 2;
        return Duration.ofNanos(half + (nanos - half == 0 ? 0 : random.nextLong(nanos - half + 1)));
    }
}
