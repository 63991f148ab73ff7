package io.darkwatch.alerting.flood;

import io.darkwatch.alerting.metrics.AlertMetrics;
import io.darkwatch.alerting.sink.AlertDeliveryException;
import io.darkwatch.alerting.sink.AlertSink;
import io.darkwatch.alerting.sink.GroupedAlerts;
import io.darkwatch.common.anomaly.Anomaly;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a chat sink (one Slack route) to at most N messages per hour. A message beyond that is not
 * sent: its alerts are counted in {@code darkwatch.alerts.suppressed{route}} and, as soon as the hour
 * has room again, one message "N more alerts suppressed in the last hour: …" stands for all of them.
 *
 * <p>A suppressed message counts as handled, not failed: it is neither retried nor dead-lettered
 * (the console and file sinks, which are not limited, still record every event).
 */
public final class FloodProtectedSink implements AlertSink {
    private static final Logger LOG = LoggerFactory.getLogger(FloodProtectedSink.class);

    private final AlertSink delegate;
    private final String route;
    private final FloodGate gate;
    private final Clock clock;
    private final AlertMetrics metrics;

    public FloodProtectedSink(AlertSink delegate, String route, int maxMessagesPerHour, Clock clock,
            AlertMetrics metrics) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.route = Objects.requireNonNull(route, "route");
        this.gate = new FloodGate(maxMessagesPerHour);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public void deliver(Anomaly anomaly) throws AlertDeliveryException {
        if (admit(List.of(anomaly))) {
            delegate.deliver(anomaly);
        }
    }

    @Override
    public void deliverGroup(GroupedAlerts group) throws AlertDeliveryException {
        if (admit(group.alerts())) {
            delegate.deliverGroup(group);
        }
    }

    @Override
    public void deliverNotice(String text) throws AlertDeliveryException {
        delegate.deliverNotice(text);
    }

    /** Sends the summary once the hour has room for it. */
    @Override
    public void idle() {
        gate.summaryDue(clock.instant()).ifPresent(alerts -> {
            try {
                delegate.deliverNotice(SuppressionSummary.text(alerts));
                LOG.info("sent the summary of {} suppressed alerts on route {}", alerts.size(), route);
            } catch (AlertDeliveryException e) {
                // Not an event of its own: logged, and its alerts were counted when suppressed.
                LOG.warn("could not send the summary of {} suppressed alerts on route {} ({}): {}", alerts.size(),
                        route, e.reason(), e.getMessage());
            }
        });
        delegate.idle();
    }

    private boolean admit(List<Anomaly> alerts) {
        if (gate.tryAcquire(clock.instant())) {
            return true;
        }
        gate.suppressed(alerts);
        metrics.suppressed(route, alerts.size());
        if (gate.waitingForSummary() == alerts.size()) {
            LOG.warn("route {} reached its limit of messages per hour; suppressing alerts until the hour has room, "
                    + "then sending one summary", route);
        }
        return false;
    }

    @Override
    public void close() {
        delegate.close();
    }
}
