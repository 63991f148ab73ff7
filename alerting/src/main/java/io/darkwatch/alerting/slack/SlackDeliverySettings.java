package io.darkwatch.alerting.slack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How hard and how fast the Slack sink tries.
 *
 * @param requestTimeout    connect plus response time allowed for one POST
 * @param maxAttempts       POSTs per event at most, the first included; then the event is given up
 * @param initialBackoff    wait before the first retry after a 5xx or timeout; doubles per retry
 * @param maxBackoff        the doubling stops here
 * @param maxRetryAfter     longest {@code Retry-After} honoured; a longer one gives the event up
 *                          (rate-limited) rather than stall every other alert behind it
 * @param messagesPerSecond client-side rate limit per webhook: Slack allows about one message a second
 * @param burst             messages that may go at once before the rate limit applies
 */
public record SlackDeliverySettings(
        Duration requestTimeout,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration maxRetryAfter,
        double messagesPerSecond,
        int burst) {

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    public SlackDeliverySettings {
        List<String> problems = problems(requestTimeout, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter,
                messagesPerSecond, burst);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid Slack delivery settings: " + String.join("; ", problems));
        }
    }

    /** 10 s timeout, 5 attempts, backoff 1 s doubling to 30 s, Retry-After up to 60 s, 1 message/s, burst 3. */
    public static SlackDeliverySettings defaults() {
        return new SlackDeliverySettings(DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_ATTEMPTS, Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofSeconds(60), 1.0, 3);
    }

    public SlackDeliverySettings withRequestTimeout(Duration timeout) {
        return new SlackDeliverySettings(timeout, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter,
                messagesPerSecond, burst);
    }

    public SlackDeliverySettings withMaxAttempts(int attempts) {
        return new SlackDeliverySettings(requestTimeout, attempts, initialBackoff, maxBackoff, maxRetryAfter,
                messagesPerSecond, burst);
    }

    /** Every problem with these values, empty when they are usable. */
    public static List<String> problems(Duration requestTimeout, int maxAttempts, Duration initialBackoff,
            Duration maxBackoff, Duration maxRetryAfter, double messagesPerSecond, int burst) {
        List<String> problems = new ArrayList<>();
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            problems.add("Slack request timeout must be positive, not " + requestTimeout);
        }
        if (maxAttempts < 1 || maxAttempts > 20) {
            problems.add("Slack max attempts must be between 1 and 20, not " + maxAttempts);
        }
        if (initialBackoff == null || initialBackoff.isNegative() || initialBackoff.isZero()) {
            problems.add("Slack initial backoff must be positive, not " + initialBackoff);
        } else if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
            problems.add("Slack max backoff must be at least the initial backoff, not " + maxBackoff);
        }
        if (maxRetryAfter == null || maxRetryAfter.isNegative()) {
            problems.add("Slack max Retry-After must not be negative, not " + maxRetryAfter);
        }
        if (!(messagesPerSecond > 0) || Double.isInfinite(messagesPerSecond)) {
            problems.add("Slack messages per second must be positive, not " + messagesPerSecond);
        }
        if (burst < 1) {
            problems.add("Slack burst must be at least 1, not " + burst);
        }
        return problems;
    }
}
