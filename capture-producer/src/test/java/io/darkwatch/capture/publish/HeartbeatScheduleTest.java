package io.darkwatch.capture.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HeartbeatScheduleTest {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void shouldAskForAHeartbeatOnceEveryIntervalOfEventTime() {
        HeartbeatSchedule schedule = new HeartbeatSchedule(10_000);

        assertFalse(schedule.observe(T0), "no heartbeat at the first packet");
        assertFalse(schedule.observe(T0 + 9_999));
        assertTrue(schedule.observe(T0 + 10_000));
        assertEquals(T0 + 10_000, schedule.watermark());
        schedule.heartbeatSent();
        assertFalse(schedule.observe(T0 + 19_999));
        assertTrue(schedule.observe(T0 + 25_000));
    }

    @Test
    void shouldNotLetALatePacketMoveTheWatermarkBack() {
        HeartbeatSchedule schedule = new HeartbeatSchedule(10_000);
        schedule.observe(T0);
        schedule.observe(T0 + 5_000);

        schedule.observe(T0 + 1_000);

        assertEquals(T0 + 5_000, schedule.watermark());
    }

    @Test
    void shouldSendOneHeartbeatForALongGapNotOnePerMissedInterval() {
        // a capture with an hour of silence: one heartbeat at the new watermark is enough
        HeartbeatSchedule schedule = new HeartbeatSchedule(10_000);
        schedule.observe(T0);

        assertTrue(schedule.observe(T0 + 3_600_000));
        schedule.heartbeatSent();

        assertFalse(schedule.observe(T0 + 3_600_001));
    }

    @Test
    void shouldHaveNoWatermarkBeforeTheFirstPacket() {
        assertFalse(new HeartbeatSchedule(1).hasWatermark());
        assertThrows(IllegalArgumentException.class, () -> new HeartbeatSchedule(0));
    }
}
