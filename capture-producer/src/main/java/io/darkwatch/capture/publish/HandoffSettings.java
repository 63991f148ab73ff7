package io.darkwatch.capture.publish;

import java.util.Objects;

/**
 * The bounded hand-off between the thread that reads or captures packets and the thread that sends
 * them to Kafka.
 *
 * @param capacityPackets packets that may wait in the hand-off (in full blocks) beyond what the Kafka
 *                        producer buffers itself ({@code buffer.memory}); a packet summary takes
 *                        roughly 150 bytes of heap while it waits (an estimate, not measured)
 * @param policy          what happens when it is full
 */
public record HandoffSettings(int capacityPackets, BackpressurePolicy policy) {
    public static final int DEFAULT_CAPACITY_PACKETS = 262_144;

    /** File replay: wait for Kafka, lose nothing. */
    public static final HandoffSettings REPLAY = new HandoffSettings(DEFAULT_CAPACITY_PACKETS, BackpressurePolicy.BLOCK);
    /** Live capture: never stall the capture; drop and count. */
    public static final HandoffSettings LIVE = new HandoffSettings(DEFAULT_CAPACITY_PACKETS, BackpressurePolicy.DROP);

    public HandoffSettings {
        Objects.requireNonNull(policy, "policy");
        if (capacityPackets < 1) {
            throw new IllegalArgumentException("invalid hand-off settings: capacity must be positive, not "
                    + capacityPackets + " packets");
        }
    }
}
