package io.darkwatch.capture.publish;

import io.darkwatch.common.packet.PacketSummary;

/** Where decoded, enriched packet summaries go. */
public interface PacketSink {
    /** Hands one summary over; may be asynchronous. */
    void publish(PacketSummary summary);

    /** Waits until everything handed over is delivered; throws if anything failed. */
    void flush();
}
