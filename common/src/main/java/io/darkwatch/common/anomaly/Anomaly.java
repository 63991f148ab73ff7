package io.darkwatch.common.anomaly;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One anomaly event, the contract between streams-app and everything downstream (alerting, files
 * written by {@code analyze}, users' own consumers). Serialized as one JSON object; see README
 * "The anomaly event". Fields are only ever added, never renamed or removed, within a
 * {@link #version}.
 *
 * @param version      contract version, 1
 * @param id           stable for the whole episode (OPEN, ONGOING…, RESOLVED share it)
 * @param type         what happened
 * @param country      ISO 3166-1 alpha-2 source country
 * @param windowStart  start of the evaluated window (inclusive)
 * @param windowEnd    end of the evaluated window (exclusive)
 * @param status       OPEN, ONGOING or RESOLVED
 * @param severity     WARNING or CRITICAL
 * @param observed     the signal in this window
 * @param expected     the baseline the signal was compared with
 * @param score        how far from normal, detector specific (documented per detector); larger is worse
 * @param detector     name of the detector that made the finding
 * @param episodeStart start of the first anomalous window of the episode
 * @param episodeEnd   end of the episode, only on RESOLVED
 * @param details      detector specific facts, e.g. top victims and their ports
 */
@JsonPropertyOrder({"version", "id", "type", "country", "windowStart", "windowEnd", "status", "severity",
    "observed", "expected", "score", "detector", "episodeStart", "episodeEnd", "details"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Anomaly(
        int version,
        String id,
        AnomalyType type,
        String country,
        Instant windowStart,
        Instant windowEnd,
        EpisodeStatus status,
        Severity severity,
        double observed,
        double expected,
        double score,
        String detector,
        Instant episodeStart,
        Instant episodeEnd,
        Map<String, Object> details) {

    public static final int CURRENT_VERSION = 1;

    public Anomaly {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detector, "detector");
        if (!windowEnd.isAfter(windowStart)) {
            throw new IllegalArgumentException("windowEnd " + windowEnd + " is not after windowStart " + windowStart);
        }
        // Insertion order kept (not Map.copyOf, whose order changes from JVM to JVM), so the same
        // capture gives byte-identical events in every run.
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
