package io.darkwatch.streams.query;

/**
 * The answer cannot be complete right now: this or another instance is rebalancing, restoring or
 * unreachable. Answered with 503 and a Retry-After, never with a partial answer.
 */
public final class NotReadyException extends RuntimeException {
    public NotReadyException(String message) {
        super(message);
    }

    public NotReadyException(String message, Throwable cause) {
        super(message, cause);
    }
}
