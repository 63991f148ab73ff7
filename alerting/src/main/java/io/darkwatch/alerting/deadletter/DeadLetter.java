package io.darkwatch.alerting.deadletter;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.darkwatch.common.anomaly.Anomaly;
import java.time.Instant;
import java.util.Objects;

/**
 * An anomaly event one sink could not deliver, as written to the dead-letter topic: enough to see
 * why, and to replay it once the cause is fixed. It never carries the webhook URL nor any text
 * taken from the failure (which could quote it): only the reason token and the HTTP status.
 *
 * @param version         format version, 1
 * @param anomaly         the event exactly as it was read
 * @param sink            the sink that failed ({@code slack}, {@code file}, …)
 * @param reason          the failure's short token, e.g. {@code channel_not_found}, {@code http_503}
 * @param permanent       true when retrying cannot help (rejected); false when the retries were used up
 * @param httpStatus      the last HTTP status answered, null when there was none
 * @param attempts        delivery attempts made
 * @param time            when it was given up
 * @param group           the alerting consumer group that gave it up
 * @param sourceTopic     where the event was read
 * @param sourcePartition its partition
 * @param sourceOffset    its offset
 */
@JsonPropertyOrder({"version", "anomaly", "sink", "reason", "permanent", "httpStatus", "attempts", "time", "group",
    "sourceTopic", "sourcePartition", "sourceOffset"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
        int version,
        Anomaly anomaly,
        String sink,
        String reason,
        boolean permanent,
        Integer httpStatus,
        int attempts,
        Instant time,
        String group,
        String sourceTopic,
        int sourcePartition,
        long sourceOffset) {

    public static final int CURRENT_VERSION = 1;

    public DeadLetter {
        Objects.requireNonNull(anomaly, "anomaly");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(sourceTopic, "sourceTopic");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        if (sourcePartition < 0 || sourceOffset < 0) {
            throw new IllegalArgumentException("source partition and offset must not be negative, not "
                    + sourcePartition + "/" + sourceOffset);
        }
    }
}
