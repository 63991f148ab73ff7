package io.darkwatch.alerting.sink;

import java.util.Objects;

/**
 * A sink could not deliver an event.
 *
 * <p>{@link #reason()} is a short, lowercase token from a small set (e.g. {@code channel_not_found},
 * {@code http_503}, {@code timeout}) used as a metric tag. {@link #permanent()} tells failures that
 * no retry can fix (a deleted channel, a revoked webhook, a malformed payload) from those that
 * gave up after the retry budget (an outage, rate limiting).
 */
public final class AlertDeliveryException extends Exception {
    private final String reason;
    private final boolean permanent;

    public AlertDeliveryException(String reason, boolean permanent, String message) {
        this(reason, permanent, message, null);
    }

    public AlertDeliveryException(String reason, boolean permanent, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.permanent = permanent;
    }

    public String reason() {
        return reason;
    }

    public boolean permanent() {
        return permanent;
    }
}
