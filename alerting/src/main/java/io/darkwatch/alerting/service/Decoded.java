package io.darkwatch.alerting.service;

import java.util.Objects;

/** The outcome of reading one record's value: the value, or why it could not be read. */
public sealed interface Decoded<T> {

    record Value<T>(T value) implements Decoded<T> {
        public Value {
            Objects.requireNonNull(value, "value");
        }
    }

    record Failure<T>(String reason) implements Decoded<T> {
        public Failure {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
