package io.darkwatch.capture.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LiveCaptureSettingsTest {
    @Test
    void shouldReportEveryProblemAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LiveCaptureSettings(" ", null, 10, 100, false, 0, Duration.ZERO));

        assertEquals("invalid capture settings: interface is missing; snaplen must be 68..262144 bytes (68 keeps "
                + "IPv6 + TCP headers), not 10; buffer size must be at least 64 KiB, not 100 bytes; queue size must "
                + "be positive, not 0; read timeout must be 1 ms..10 s, not PT0S", e.getMessage());
    }

    @Test
    void shouldDefaultToNoFilterAndTcpdumpsSnaplen() {
        LiveCaptureSettings s = LiveCaptureSettings.of("eth0", null);

        assertEquals("", s.filter());
        assertEquals(262_144, s.snaplen());
        assertEquals(65_536, s.queueCapacity());
    }
}
