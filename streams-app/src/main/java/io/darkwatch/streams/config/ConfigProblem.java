package io.darkwatch.streams.config;

import java.util.Objects;

/**
 * One thing wrong with a config record.
 *
 * @param reason  a short tag for the {@code darkwatch.config.rejected{reason}} counter, one of the
 *                constants here
 * @param message what is wrong and how to fix it, for a person
 */
public record ConfigProblem(String reason, String message) {
    /** Not JSON, not an object, or a required field missing or of the wrong kind. */
    public static final String MALFORMED = "malformed";
    /** A schemaVersion this build does not read. */
    public static final String SCHEMA_VERSION = "schema-version";
    /** The key names no scope. */
    public static final String SCOPE = "scope";
    /** A setting key that does not exist. */
    public static final String UNKNOWN_KEY = "unknown-key";
    /** A setting that is only read at start-up. */
    public static final String NOT_LIVE = "not-live";
    /** A setting of one detector in another detector's scope. */
    public static final String WRONG_DETECTOR = "wrong-detector";
    /** A value that cannot be read as the setting's type. */
    public static final String TYPE = "type";
    /** A value outside the setting's range. */
    public static final String RANGE = "range";
    /** Settings that contradict each other, possibly together with other scopes. */
    public static final String RULE = "rule";

    public ConfigProblem {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}
