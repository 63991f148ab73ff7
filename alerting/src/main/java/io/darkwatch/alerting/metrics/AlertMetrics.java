package io.darkwatch.alerting.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

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

    private final MeterRegistry registry;
    private final Counter deduplicated;
    private final Counter badRecords;

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
        Counter.builder(DELIVERED).description("anomaly events delivered, per sink")
                .tag("sink", sink).register(registry).increment();
    }

    public void failed(String sink, String reason) {
        Counter.builder(FAILED).description("anomaly events a sink could not deliver, per sink and reason")
                .tag("sink", sink).tag("reason", reason).register(registry).increment();
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
