package io.darkwatch.streams.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.darkwatch.common.json.Json;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The value of a config topic record: some detector settings for one scope, and who changed them
 * when and why. Read from text with {@link ConfigValidator}, which reports every problem at once;
 * this constructor only guards the shape.
 *
 * <pre>{@code
 * {"schemaVersion":1, "settings":{"outage.warning-ratio":"0.2"}, "updatedBy":"alice",
 *  "updatedAt":"2026-01-01T12:00:00Z", "comment":"KZ is noisy at night"}
 * }</pre>
 *
 * @param schemaVersion {@link ConfigValidator#SCHEMA_VERSION}
 * @param settings      setting key ({@code --set} keys) → value text, sorted by key
 * @param updatedBy     who made the change
 * @param updatedAt     when
 * @param comment       why; may be empty, never null
 */
public record ConfigRecord(int schemaVersion, Map<String, String> settings, String updatedBy, Instant updatedAt,
        String comment) {

    public ConfigRecord {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(updatedBy, "updatedBy");
        Objects.requireNonNull(updatedAt, "updatedAt");
        settings = Collections.unmodifiableMap(new TreeMap<>(settings));
        comment = comment == null ? "" : comment;
    }

    /** This record as the JSON written to the config topic. */
    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a config record is always writable as JSON", e);
        }
    }

    /**
     * Reads JSON that this class wrote (the accepted records in the config store); use
     * {@link ConfigValidator} for anything a person wrote.
     */
    public static ConfigRecord fromStoredJson(String json) {
        try {
            return Json.mapper().readValue(json, ConfigRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable accepted config record: " + e.getOriginalMessage(), e);
        }
    }
}
