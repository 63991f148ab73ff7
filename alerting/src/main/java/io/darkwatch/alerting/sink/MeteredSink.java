package io.darkwatch.alerting.sink;

import io.darkwatch.alerting.metrics.AlertMetrics;
import io.darkwatch.common.anomaly.Anomaly;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Counts what a sink delivered and why it failed ({@code darkwatch.alerts.delivered{sink}},
 * {@code darkwatch.alerts.failed{sink,reason}}) and times each delivered message
 * ({@code darkwatch.alerts.delivery.latency{sink}}), so every sink is measured the same way without
 * each one doing it. The time is read from the injected clock: the one the sink's own waits
 * (rate limit, backoff, Retry-After) run on, so a test on a fake clock sees exactly those waits.
 */
public final class MeteredSink implements AlertSink {
    private final AlertSink delegate;
    private final AlertMetrics metrics;
    private final Clock clock;

    public MeteredSink(AlertSink delegate, AlertMetrics metrics) {
        this(delegate, metrics, Clock.systemUTC());
    }

    /** Test seam: the clock delivery latency is measured on. */
    public MeteredSink(AlertSink delegate, AlertMetrics metrics, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public void deliver(Anomaly anomaly) throws AlertDeliveryException {
        Instant handed = clock.instant();
        try {
            delegate.deliver(anomaly);
        } catch (AlertDeliveryException e) {
            metrics.failed(delegate.name(), e.reason());
            throw e;
        } catch (RuntimeException e) {
            // A bug in a sink must not stop the other sinks nor the consumer; the same event would
            // fail the same way again, so it counts as permanent.
            metrics.failed(delegate.name(), "internal_error");
            throw new AlertDeliveryException("internal_error", true,
                    delegate.name() + " sink failed unexpectedly: " + e.getClass().getSimpleName(), e);
        }
        metrics.delivered(delegate.name());
        metrics.deliveryLatency(delegate.name(), since(handed));
    }

    /** Counts every new event of the group as delivered (or failed), and a reminder as one reminder. */
    @Override
    public void deliverGroup(GroupedAlerts group) throws AlertDeliveryException {
        int events = group.events().size();
        Instant handed = clock.instant();
        try {
            delegate.deliverGroup(group);
        } catch (AlertDeliveryException e) {
            metrics.failed(delegate.name(), e.reason(), Math.max(events, 1));
            throw e;
        } catch (RuntimeException e) {
            metrics.failed(delegate.name(), "internal_error", Math.max(events, 1));
            throw new AlertDeliveryException("internal_error", true,
                    delegate.name() + " sink failed unexpectedly: " + e.getClass().getSimpleName(), e);
        }
        metrics.delivered(delegate.name(), events);
        metrics.deliveryLatency(delegate.name(), since(handed));
        if (group.reminder()) {
            metrics.reminded(delegate.name());
        }
    }

    private Duration since(Instant handed) {
        Duration took = Duration.between(handed, clock.instant());
        return took.isNegative() ? Duration.ZERO : took;
    }

    @Override
    public void deliverNotice(String text) throws AlertDeliveryException {
        delegate.deliverNotice(text);
    }

    @Override
    public void idle() {
        delegate.idle();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
