package io.darkwatch.capture.replay;

import io.darkwatch.capture.decode.DecodeFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a replay did.
 *
 * @param framesRead     frames read from the capture
 * @param framesSkipped  frames the reader could not deliver (see {@code CaptureReader.framesSkipped})
 * @param decoded        frames decoded into packet summaries
 * @param undecodable    frames not decoded, per reason (reasons that never occurred are absent)
 * @param truncation     why the capture ended early, if it did
 * @param firstEventTime earliest frame timestamp (captures are not always in time order)
 * @param lastEventTime  latest frame timestamp
 * @param published      summaries handed to the sink (0 in decode-only mode)
 * @param wallTime       how long the replay took
 */
public record ReplayStats(long framesRead, long framesSkipped, long decoded, Map<DecodeFailure, Long> undecodable,
        Optional<String> truncation, Optional<Instant> firstEventTime, Optional<Instant> lastEventTime, long published,
        Duration wallTime) {

    public ReplayStats {
        undecodable = Map.copyOf(Objects.requireNonNull(undecodable, "undecodable"));
        Objects.requireNonNull(truncation, "truncation");
        Objects.requireNonNull(firstEventTime, "firstEventTime");
        Objects.requireNonNull(lastEventTime, "lastEventTime");
        Objects.requireNonNull(wallTime, "wallTime");
    }

    /** All undecodable frames, whatever the reason. */
    public long undecodableTotal() {
        return undecodable.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Undecodable frames for one reason (0 if none). */
    public long undecodable(DecodeFailure reason) {
        return undecodable.getOrDefault(reason, 0L);
    }
}
