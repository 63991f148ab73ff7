package io.darkwatch.capture.replay;

import java.time.Duration;

/** Waits; a seam so tests of paced replay advance a fake clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    /** {@link Thread#sleep}. */
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));

    void sleep(Duration duration) throws InterruptedException;
}
