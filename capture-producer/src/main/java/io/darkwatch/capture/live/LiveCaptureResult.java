package io.darkwatch.capture.live;

import io.darkwatch.capture.replay.ReplayStats;
import java.util.Objects;
import java.util.Optional;

/**
 * What a live capture did.
 *
 * @param stats            frames read from the queue, decoded, undecodable, published (as for a replay)
 * @param droppedQueueFull frames dropped because the publisher fell behind and the queue was full
 * @param pcap             libpcap's counters at the end
 * @param failure          why the capture stopped on its own, if it did (empty after {@code stop()})
 */
public record LiveCaptureResult(ReplayStats stats, long droppedQueueFull, CaptureStatistics pcap,
        Optional<String> failure) {
    public LiveCaptureResult {
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(pcap, "pcap");
        Objects.requireNonNull(failure, "failure");
    }
}
