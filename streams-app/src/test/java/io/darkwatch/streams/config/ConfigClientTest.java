package io.darkwatch.streams.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.settings.InvalidSettingsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client's checks, which need no broker (nothing is sent until a record is good). */
class ConfigClientTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private final ConfigClient client = new ConfigClient("unused:9092", DetectorSettings.defaults(),
            Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(1));

    @Test
    void shouldReturnTheRecordAsItWouldBeWritten() {
        ConfigRecord r = client.validate("detector/backscatter-surge", Map.of("backscatter.min-ratio", "3.0"));
        assertEquals(Map.of("backscatter.min-ratio", "3"), r.settings());
        assertEquals(NOW, r.updatedAt());
    }

    @Test
    void shouldReportEveryProblemBeforeAnythingIsWritten() {
        // Given a wrong scope and two wrong settings
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> client.set("detector/dos",
                Map.of("backscatter.min-ratio", "0.5", "window.grace", "1m"), "alice", ""));

        // Then all three are reported, without a broker being asked
        assertEquals(List.of(
                "unknown scope 'detector/dos': unknown detector 'dos' (known: backscatter-surge, outage, scan-surge,"
                        + " scan-sweep)",
                "backscatter.min-ratio: 0.5 is out of range [1, 1000]",
                "window.grace cannot be changed live: it decides when the windows open now close; set it at start-up"
                        + " (--set)"), e.problems());
    }

    @Test
    void shouldCheckARecordWrittenByHand() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> client.validateRecord("global",
                "{\"schemaVersion\":1,\"settings\":{\"outage.critical-ratio\":\"0.3\"},\"updatedBy\":\"a\","
                        + "\"updatedAt\":\"2026-01-01T12:00:00Z\"}"));
        assertEquals(List.of("outage.critical-ratio (0.3) must be below outage.warning-ratio (0.25)"), e.problems());
    }
}
