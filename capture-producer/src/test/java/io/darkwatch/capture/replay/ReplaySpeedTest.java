package io.darkwatch.capture.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplaySpeedTest {
    @Test
    void shouldReadMaxRealtimeAndMultiples() {
        assertTrue(ReplaySpeed.parse("max").isMax());
        assertEquals(1.0, ReplaySpeed.parse("realtime").factor());
        assertEquals(1.0, ReplaySpeed.parse("REALTIME").factor());
        assertEquals(10.0, ReplaySpeed.parse("10x").factor());
        assertEquals(0.5, ReplaySpeed.parse("0.5x").factor());
        assertEquals(3.0, ReplaySpeed.parse("3").factor());
        assertEquals("10x", ReplaySpeed.parse("10x").toString());
        assertEquals("max", ReplaySpeed.MAX.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fast", "0x", "-2x", "x", "NaNx", "Infinityx"})
    void shouldRejectAnythingElseNamingTheAcceptedForms(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReplaySpeed.parse(text));
        assertTrue(e.getMessage().contains("use max, realtime or a positive multiple"), e.getMessage());
    }
}
