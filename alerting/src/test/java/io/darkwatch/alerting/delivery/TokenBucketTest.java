package io.darkwatch.alerting.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.darkwatch.alerting.testing.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private final FakeTime time = new FakeTime(Instant.parse("2024-01-01T00:00:00Z"));

    @Test
    void shouldLetABurstThroughThenPaceToTheRate() throws Exception {
        // Given 2 permits per second with a burst of 3
        TokenBucket bucket = new TokenBucket(2, 3, time, time);

        // When 5 permits are taken at once
        for (int i = 0; i < 5; i++) {
            bucket.acquire();
        }

        // Then the burst went at once and the rest waited half a second each
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(500)), time.sleeps());
    }

    @Test
    void shouldRefillWhileIdleButNotBeyondTheBurst() throws Exception {
        TokenBucket bucket = new TokenBucket(1, 2, time, time);
        bucket.acquire();
        bucket.acquire();
        time.sleep(Duration.ofMinutes(10)); // idle a long time
        int before = time.sleeps().size();

        bucket.acquire();
        bucket.acquire();
        bucket.acquire();

        assertEquals(List.of(Duration.ofSeconds(1)), time.sleeps().subList(before, time.sleeps().size()));
    }

    @Test
    void shouldRejectARateThatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, time, time));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0, time, time));
    }
}
