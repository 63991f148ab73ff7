package io.darkwatch.capture.replay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Paces a replay by event time: the first packet goes out at once, and each later packet when
 * {@code (its time - first packet's time) / speed} of wall time has passed since then. Pacing
 * against that fixed anchor (rather than sleeping each inter-packet gap) keeps rounding and
 * oversleeping from adding up over millions of packets; a replay that falls behind catches up
 * without sleeping. A packet older than one already sent (captures are not always in time order)
 * goes out at once. Not thread-safe: used by the replay thread.
 */
final class EventTimePacer {
    /** Waits shorter than this are skipped: sleeping for them costs more than it is worth. */
    private static final long MIN_SLEEP_NANOS = 200_000;

    private final ReplaySpeed speed;
    private final Clock clock;
    private final Sleeper sleeper;
    private boolean anchored;
    private long anchorEventNanos;
    private Instant anchorWall;

    EventTimePacer(ReplaySpeed speed, Clock clock, Sleeper sleeper) {
        this.speed = Objects.requireNonNull(speed, "speed");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** Returns when the packet stamped {@code eventNanos} is due. */
    void awaitDue(long eventNanos) throws InterruptedException {
        if (speed.isMax()) {
            return;
        }
        if (!anchored) {
            anchored = true;
            anchorEventNanos = eventNanos;
            anchorWall = clock.instant();
            return;
        }
        long eventOffset = eventNanos - anchorEventNanos;
        if (eventOffset <= 0) {
            return;
        }
        long wallOffset = (long) (eventOffset / speed.factor());
        Instant due = anchorWall.plusNanos(wallOffset);
        Duration wait = Duration.between(clock.instant(), due);
        if (wait.toNanos() >= MIN_SLEEP_NANOS) {
            sleeper.sleep(wait);
        }
    }
}
