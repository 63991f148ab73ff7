package io.darkwatch.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void shouldReadTheShortFormsAndIso() {
        assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30s"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1H"));
        assertEquals(Duration.ofDays(8), Durations.parse("8d"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("PT5M"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("pt5m"));
    }

    @Test
    void shouldSayWhatItAcceptsWhenItCannotRead() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("5 minutes"));
        assertTrue(e.getMessage().contains("'5 minutes'") && e.getMessage().contains("PT5M"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("-5m"));
    }
}
