package io.darkwatch.alerting.service;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Wraps a deserializer so that a record it cannot read becomes a {@link Decoded.Failure} instead of
 * an exception. A throwing deserializer makes {@code poll()} fail on that record over and over
 * until someone seeks past it; this way the poll loop sees the failure together with the record's
 * topic, partition and offset, logs and counts it, and moves on.
 */
public final class TolerantDeserializer<T> implements Deserializer<Decoded<T>> {
    private final Deserializer<T> delegate;

    public TolerantDeserializer(Deserializer<T> delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        delegate.configure(configs, isKey);
    }

    @Override
    public Decoded<T> deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public Decoded<T> deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return new Decoded.Failure<>("the record has no value (null)");
        }
        try {
            T value = headers == null ? delegate.deserialize(topic, data) : delegate.deserialize(topic, headers, data);
            return value == null ? new Decoded.Failure<>("the value decoded to null")
                    : new Decoded.Value<>(value);
        } catch (RuntimeException e) {
            return new Decoded.Failure<>(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    @Override
    public void close() {
        delegate.close();
    }
}
