package io.darkwatch.streams.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.darkwatch.streams.settings.InvalidSettingsException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuerySettingsTest {

    @Test
    void shouldReportEveryProblemAtOnce() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> new QuerySettings(70_000, "host:1", Duration.ofMinutes(5)));

        assertEquals(List.of("query port 70000 must be 0-65535, or -1 for no query API",
                "query advertised host 'host:1' must be a host name or IPv4 address the other instances can reach",
                "query retention PT5M must be between 1h and 400d"), e.problems());
    }

    @Test
    void shouldNeedNoHostWhenTheApiIsOff() {
        assertFalse(QuerySettings.off().enabled());
        assertEquals(Duration.ofDays(3), QuerySettings.off().retention());
    }
}
