package io.darkwatch.alerting.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The alerting module's counters, all on one {@link MeterRegistry}. Tag values are kept to small,
 * fixed sets (sink names, failure reasons from a closed vocabulary) so that a misbehaving endpoint
 * cannot blow up the number of time series.
 */
public final class AlertMetrics {
    public static final String DELIVERED = "darkwatch.alerts.delivered";
    public static final String FAILED = "darkwatch.alerts.failed";
    public static final String RETRIED = "darkwatch.alerts.retried";
    public static final String DEDUPLICATED = "darkwatch.alerts.deduplicated";
    public static final String BAD_RECORDS = "darkwatch.alerts.bad_records";
    public static final String DEAD_LETTERED = "darkwatch.alerts.dead_lettered";
    public static final String REMINDERS = "darkwatch.alerts.reminders";
    public static final String GROUPED_MESSAGES = "darkwatch.alerts.grouped_messages";
    public static final String WAITING = "darkwatch.alerts.waiting";
    public static final String SUPPRESSED = "darkwatch.alerts.suppressed";
    public static final String SILENCED = "darkwatch.alerts.silenced";
    public static final String DELIVERY_LATENCY = "darkwatch.alerts.delivery.latency";

    private final MeterRegistry registry;
    private final Counter deduplicated;
    private final Counter badRecords;

    /** Where these meters go; the service binds its Kafka consumer's own metrics there too. */
    public MeterRegistry registry() {
        return registry;
    }

    public AlertMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.deduplicated = Counter.builder(DEDUPLICATED)
                .description("anomaly events not alerted again because their episode and status were already alerted")
                .register(registry);
        this.badRecords = Counter.builder(BAD_RECORDS)
                .description("records on the anomalies topic that could not be read as an anomaly event")
                .register(registry);
    }

    public void delivered(String sink) {
        delivered(sink, 1);
    }

    public void delivered(String sink, int events) {
        Counter.builder(DELIVERED).description("anomaly events delivered, per sink")
                .tag("sink", sink).register(registry).increment(events);
    }

    /**
     * How long one message took from being handed to the sink until the sink had delivered it:
     * rate-limit waits, retries, backoff and {@code Retry-After} included, the group wait not (that
     * is a setting). As a histogram, so that Prometheus can answer "95 % of alerts reached Slack
     * within …"; the buckets span 1 ms to 15 min, the longest a message can be held in retries.
     */
    public void deliveryLatency(String sink, Duration took) {
        Timer.builder(DELIVERY_LATENCY)
                .description("time from handing a message to a sink until it was delivered, retries included")
                .tag("sink", sink)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(15))
                .register(registry).record(took);
    }

    public void failed(String sink, String reason) {
        failed(sink, reason, 1);
    }

    public void failed(String sink, String reason, int events) {
        Counter.builder(FAILED).description("anomaly events a sink could not deliver, per sink and reason")
                .tag("sink", sink).tag("reason", reason).register(registry).increment(events);
    }

    /** One alert not sent because a silence matched it. */
    public void silenced() {
        Counter.builder(SILENCED).description("alerts not sent because a silence matched them")
                .register(registry).increment();
    }

    /** Alerts not sent to a route because it reached its messages per hour (flood protection). */
    public void suppressed(String route, int alerts) {
        Counter.builder(SUPPRESSED).description("alerts not sent because their route reached its messages per hour")
                .tag("route", route).register(registry).increment(alerts);
    }

    /** One reminder about a group's open episodes delivered to this sink. */
    public void reminded(String sink) {
        Counter.builder(REMINDERS).description("reminders about episodes still open, per sink")
                .tag("sink", sink).register(registry).increment();
    }

    /** One group's message about new events handled (delivered to every sink or dead-lettered). */
    public void groupedMessage() {
        Counter.builder(GROUPED_MESSAGES).description("grouped messages about new events handled")
                .register(registry).increment();
    }

    /** Reports how many events wait in groups for their message, read from {@code waiting} when scraped. */
    public void waitingEvents(Supplier<Number> waiting) {
        Gauge.builder(WAITING, waiting)
                .description("anomaly events waiting in a group for its message").register(registry);
    }

    /** One event written to the dead-letter topic because this sink gave it up for this reason. */
    public void deadLettered(String sink, String reason) {
        Counter.builder(DEAD_LETTERED)
                .description("anomaly events written to the dead-letter topic, per sink and reason")
                .tag("sink", sink).tag("reason", reason).register(registry).increment();
    }

    public void retried(String sink) {
        Counter.builder(RETRIED).description("delivery attempts repeated after a retriable failure")
                .tag("sink", sink).register(registry).increment();
    }

    public void deduplicated() {
        deduplicated.increment();
    }

    public void badRecord() {
        badRecords.increment();
    }
}
