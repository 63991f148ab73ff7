package io.darkwatch.capture.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTimePacerTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_700_000_000L * S;

    /** A clock that moves only when the sleeper sleeps, and records every sleep. */
    static final class FakeTime extends Clock implements Sleeper {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        final List<Duration> sleeps = new ArrayList<>();

        @Override
        public void sleep(Duration d) {
            sleeps.add(d);
            now = now.plus(d);
        }

        /** Time passing outside the sleeper, e.g. a slow publish. */
        void work(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final FakeTime time = new FakeTime();

    @Test
    void shouldWaitTheEventTimeGapsInRealTime() throws InterruptedException {
        EventTimePacer pacer = new EventTimePacer(ReplaySpeed.REALTIME, time, time);

        pacer.awaitDue(T0);
        pacer.awaitDue(T0 + 2 * S);
        pacer.awaitDue(T0 + 5 * S);

        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(3)), time.sleeps);
    }

    @Test
    void shouldDivideTheGapsByTheSpeedFactor() throws InterruptedException {
        EventTimePacer pacer = new EventTimePacer(ReplaySpeed.parse("10x"), time, time);

        pacer.awaitDue(T0);
        pacer.awaitDue(T0 + 5 * S);

        assertEquals(List.of(Duration.ofMillis(500)), time.sleeps);
    }

    @Test
    void shouldCatchUpWithoutSleepingWhenWorkTookLongerThanTheGap() throws InterruptedException {
        EventTimePacer pacer = new EventTimePacer(ReplaySpeed.REALTIME, time, time);

        // Given the first packet, then 3 s of slow work
        pacer.awaitDue(T0);
        time.work(Duration.ofSeconds(3));

        // When packets 1 s and 4 s after the first are due
        pacer.awaitDue(T0 + S);
        pacer.awaitDue(T0 + 4 * S);

        // Then the late one goes at once and the next waits only the remaining second
        assertEquals(List.of(Duration.ofSeconds(1)), time.sleeps);
    }

    @Test
    void shouldSendOutOfOrderPacketsAtOnceAndNeverSleepAtMaxSpeed() throws InterruptedException {
        EventTimePacer realtime = new EventTimePacer(ReplaySpeed.REALTIME, time, time);
        realtime.awaitDue(T0);
        realtime.awaitDue(T0 - 10 * S);
        EventTimePacer max = new EventTimePacer(ReplaySpeed.MAX, time, time);
        max.awaitDue(T0);
        max.awaitDue(T0 + 3600 * S);

        assertEquals(List.of(), time.sleeps);
    }
}
