package io.darkwatch.ops;

import java.util.Objects;

/**
 * One readiness check's answer.
 *
 * @param ready  whether this part can do its work now
 * @param detail what it is doing or waiting for, for the operator reading {@code /health/ready}
 */
public record Readiness(boolean ready, String detail) {
    public Readiness {
        Objects.requireNonNull(detail, "detail");
    }

    public static Readiness ready(String detail) {
        return new Readiness(true, detail);
    }

    public static Readiness notReady(String detail) {
        return new Readiness(false, detail);
    }
}
