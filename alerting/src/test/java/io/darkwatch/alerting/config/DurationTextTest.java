package io.darkwatch.alerting.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void shouldReadDurationsAsOperatorsWriteThem() {
        assertEquals(Duration.ofSeconds(30), DurationText.parse("30s"));
        assertEquals(Duration.ofMinutes(5), DurationText.parse(" 5m "));
        assertEquals(Duration.ofHours(4), DurationText.parse("4H"));
        assertEquals(Duration.ofDays(2), DurationText.parse("2d"));
        assertEquals(Duration.ofMillis(250), DurationText.parse("250ms"));
    }

    @Test
    void shouldRejectAnythingElseNamingTheForm() {
        var e = assertThrows(IllegalArgumentException.class, () -> DurationText.parse("6 hours"));
        assertEquals("'6 hours' is not a duration such as 30s, 5m, 4h or 2d", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DurationText.parse("-5m"));
    }
}
