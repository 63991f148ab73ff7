package io.darkwatch.alerting.delivery;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits. Injected wherever delivery pauses (rate limit, backoff, Retry-After) so that tests can
 * record the waits and move a fake clock instead of really sleeping.
 */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = d -> TimeUnit.NANOSECONDS.sleep(Math.max(0, d.toNanos()));

    void sleep(Duration duration) throws InterruptedException;
}
