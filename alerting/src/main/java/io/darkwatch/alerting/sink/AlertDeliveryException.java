package io.darkwatch.alerting.sink;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A sink could not deliver an event.
 *
 * <p>{@link #reason()} is a short, lowercase token from a small set (e.g. {@code channel_not_found},
 * {@code http_503}, {@code timeout}) used as a metric tag. {@link #permanent()} tells failures that
 * no retry can fix (a deleted channel, a revoked webhook, a malformed payload) from those that
 * gave up after the retry budget (an outage, rate limiting). {@link #httpStatus()} and
 * {@link #attempts()} are what the dead-letter record reports.
 */
public final class AlertDeliveryException extends Exception {
    private final String reason;
    private final boolean permanent;
    private final int httpStatus;
    private final int attempts;

    public AlertDeliveryException(String reason, boolean permanent, String message) {
        this(reason, permanent, message, null);
    }

    public AlertDeliveryException(String reason, boolean permanent, String message, Throwable cause) {
        this(reason, permanent, message, cause, 0, 1);
    }

    /**
     * @param httpStatus the last HTTP status the endpoint answered, 0 when there was none (timeout, no HTTP)
     * @param attempts   how many times delivery was tried, at least 1
     */
    public AlertDeliveryException(String reason, boolean permanent, String message, Throwable cause, int httpStatus,
            int attempts) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.permanent = permanent;
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        this.httpStatus = httpStatus;
        this.attempts = attempts;
    }

    /** The last HTTP status answered, if the sink speaks HTTP and got an answer. */
    public OptionalInt httpStatus() {
        return httpStatus > 0 ? OptionalInt.of(httpStatus) : OptionalInt.empty();
    }

    public int attempts() {
        return attempts;
    }

    public String reason() {
        return reason;
    }

    public boolean permanent() {
        return permanent;
    }
}
