package io.darkwatch.alerting.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExponentialBackoffTest {

    @Test
    void shouldDoubleEachRetryWithinTheUpperHalfAndStopAtTheCap() {
        ExponentialBackoff backoff = new ExponentialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8),
                new SplittableRandom(3));
        long[] ceilings = {1000, 2000, 4000, 8000, 8000, 8000};
        for (int retry = 1; retry <= ceilings.length; retry++) {
            for (int sample = 0; sample < 50; sample++) {
                long ms = backoff.delay(retry).toMillis();
                long ceiling = ceilings[retry - 1];
                assertTrue(ms >= ceiling / 2 && ms <= ceiling, "retry " + retry + ": " + ms + " ms");
            }
        }
    }

    @Test
    void shouldSpreadRetriesRatherThanRepeatOneDelay() {
        ExponentialBackoff backoff = new ExponentialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30),
                new SplittableRandom(5));
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            seen.add(backoff.delay(3));
        }
        assertTrue(seen.size() > 10, "jitter gave only " + seen);
    }

    @Test
    void shouldNeverOverflowOnLateRetries() {
        ExponentialBackoff backoff = new ExponentialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30),
                new SplittableRandom(1));
        assertTrue(backoff.delay(500).compareTo(Duration.ofSeconds(30)) <= 0);
        assertEquals(false, backoff.delay(500).isNegative());
    }
}
