package io.darkwatch.streams.config;

import java.util.Objects;

/**
 * A scope's current record on the config topic, as {@link ConfigClient} reads it.
 *
 * @param scope     the key
 * @param record    the record
 * @param partition where it is
 * @param offset    and at which offset (matches {@link ConfigStatus#offset()})
 */
public record ConfigEntry(String scope, ConfigRecord record, int partition, long offset) {
    public ConfigEntry {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(record, "record");
    }
}
