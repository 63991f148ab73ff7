package io.darkwatch.alerting.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket: {@code ratePerSecond} permits per second on average, up to {@code burst} at once.
 *
 * <p>Written here rather than taken from a library because the waits must go through the injected
 * {@link Clock} and {@link Sleeper} (library limiters read the system timer), and it is a few lines.
 */
public final class TokenBucket {
    private final double ratePerSecond;
    private final double burst;
    private final Clock clock;
    private final Sleeper sleeper;
    private double tokens;
    private Instant last;

    public TokenBucket(double ratePerSecond, int burst, Clock clock, Sleeper sleeper) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("ratePerSecond must be positive and finite, not " + ratePerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, not " + burst);
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.clock = clock;
        this.sleeper = sleeper;
        this.tokens = burst;
        this.last = clock.instant();
    }

    /** Takes one permit, waiting (through the sleeper) until one is available. */
    public synchronized void acquire() throws InterruptedException {
        while (true) {
            refill();
            if (tokens >= 1) {
                tokens -= 1;
                return;
            }
            long waitNanos = (long) Math.ceil((1 - tokens) / ratePerSecond * 1e9);
            sleeper.sleep(Duration.ofNanos(waitNanos));
        }
    }

    private void refill() {
        Instant now = clock.instant();
        if (now.isAfter(last)) {
            double elapsed = Duration.between(last, now).toNanos() / 1e9;
            tokens = Math.min(burst, tokens + elapsed * ratePerSecond);
            last = now;
        }
    }
}
