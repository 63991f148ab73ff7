package io.darkwatch.alerting.flood;

import io.darkwatch.common.anomaly.Anomaly;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * At most {@code maxMessages} messages in any sliding {@link #WINDOW}: a message beyond that is
 * suppressed and remembered; as soon as the window has room again, one summary of everything
 * suppressed takes that room instead of the backlog. Pure (the caller passes "now"); not thread-safe.
 */
public final class FloodGate {
    public static final Duration WINDOW = Duration.ofHours(1);

    private final int maxMessages;
    private final Deque<Instant> sent = new ArrayDeque<>();
    private final List<Anomaly> suppressed = new ArrayList<>();

    public FloodGate(int maxMessages) {
        if (maxMessages < 1) {
            throw new IllegalArgumentException("at least one message per hour must be allowed, not " + maxMessages);
        }
        this.maxMessages = maxMessages;
    }

    /** True, and counted, when a message may go out now; false when the window is full. */
    public boolean tryAcquire(Instant now) {
        forgetBefore(now.minus(WINDOW));
        if (sent.size() >= maxMessages) {
            return false;
        }
        sent.addLast(now);
        return true;
    }

    /** Remembers the alerts of a message that was not sent, for the summary. */
    public void suppressed(List<Anomaly> alerts) {
        suppressed.addAll(alerts);
    }

    /**
     * The alerts suppressed since the last summary, when there are some and the window has room for
     * the summary (which then takes that room); empty otherwise.
     */
    public Optional<List<Anomaly>> summaryDue(Instant now) {
        if (suppressed.isEmpty() || !tryAcquire(now)) {
            return Optional.empty();
        }
        List<Anomaly> out = List.copyOf(suppressed);
        suppressed.clear();
        return Optional.of(out);
    }

    public int waitingForSummary() {
        return suppressed.size();
    }

    private void forgetBefore(Instant start) {
        while (!sent.isEmpty() && !sent.peekFirst().isAfter(start)) {
            sent.removeFirst();
        }
    }
}
