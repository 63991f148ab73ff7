package io.darkwatch.capture.publish;

/**
 * When to send heartbeats, in event time: the watermark is the newest packet timestamp seen, and a
 * heartbeat is due each time it has moved a full interval past the previous heartbeat (the first
 * one an interval after the first packet). Pure logic, no Kafka, so it is tested on its own.
 * Not thread-safe: used by the one thread that publishes.
 */
final class HeartbeatSchedule {
    private final long intervalMillis;
    private boolean started;
    private long watermark;
    private long lastHeartbeat;

    HeartbeatSchedule(long intervalMillis) {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("heartbeat interval must be positive, not " + intervalMillis + " ms");
        }
        this.intervalMillis = intervalMillis;
    }

    /**
     * Takes one packet's event time into account.
     *
     * @return true when a heartbeat at {@link #watermark()} is due now
     */
    boolean observe(long eventTimeMillis) {
        if (!started) {
            started = true;
            watermark = eventTimeMillis;
            lastHeartbeat = eventTimeMillis;
            return false;
        }
        if (eventTimeMillis > watermark) {
            watermark = eventTimeMillis;
        }
        return watermark - lastHeartbeat >= intervalMillis;
    }

    /** Call after sending the heartbeat that {@link #observe} asked for. */
    void heartbeatSent() {
        lastHeartbeat = watermark;
    }

    boolean hasWatermark() {
        return started;
    }

    /** Newest event time seen, ms since the epoch; meaningful only when {@link #hasWatermark()}. */
    long watermark() {
        return watermark;
    }
}
