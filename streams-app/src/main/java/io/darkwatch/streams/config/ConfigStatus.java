package io.darkwatch.streams.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the application made of one config record: the value of a {@code darkwatch.config.status}
 * record, keyed like the config record.
 *
 * <pre>{@code
 * {"scope":"detector/outage","status":"rejected","reasons":["range"],
 *  "problems":["outage.warning-ratio: 2 is out of range [0, 1]"],"partition":0,"offset":17,
 *  "checkedAt":"2026-01-01T12:00:01Z","updatedBy":"alice"}
 * }</pre>
 *
 * @param scope     the config record's key
 * @param status    accepted, rejected or deleted
 * @param reasons   the distinct problem tags ({@link ConfigProblem}), empty unless rejected
 * @param problems  every problem, one line each, empty unless rejected
 * @param partition the config record's partition
 * @param offset    the config record's offset: which write this status answers
 * @param checkedAt when it was checked
 * @param updatedBy the record's author when it could be read, else empty
 */
public record ConfigStatus(String scope, Outcome status, List<String> reasons, List<String> problems, int partition,
        long offset, Instant checkedAt, String updatedBy) {

    /** accepted: in force now; rejected: the previous settings stay in force; deleted: the scope is gone. */
    public enum Outcome {
        ACCEPTED, REJECTED, DELETED;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ConfigStatus {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(checkedAt, "checkedAt");
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        problems = problems == null ? List.of() : List.copyOf(problems);
        updatedBy = updatedBy == null ? "" : updatedBy;
    }
}
