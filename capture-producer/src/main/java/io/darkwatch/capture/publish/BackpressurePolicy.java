package io.darkwatch.capture.publish;

/**
 * What the reading (or capturing) thread does when the hand-off to the publishing thread is full,
 * which happens when Kafka is slower than the input or unreachable and the producer's own buffer is
 * full as well.
 */
public enum BackpressurePolicy {
    /**
     * Wait until there is room: nothing is lost, the input is read more slowly. Right for file
     * replay, where the file waits for us (the default there).
     */
    BLOCK,
    /**
     * Drop the block and count its packets ({@code darkwatch.capture.dropped{cause=publish_backlog}}):
     * right for live capture, where waiting only moves the loss into the kernel's capture buffer,
     * where it is counted less precisely (the default there).
     */
    DROP
}
