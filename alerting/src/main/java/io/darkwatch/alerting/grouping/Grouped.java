package io.darkwatch.alerting.grouping;

import io.darkwatch.common.anomaly.Anomaly;
import java.util.Objects;

/**
 * One event waiting in a group, with where it came from ({@code source}: for the service, the
 * record's topic, partition and offset), so that it can be recorded and committed once its group's
 * message is out.
 */
public record Grouped<S>(Anomaly anomaly, S source) {
    public Grouped {
        Objects.requireNonNull(anomaly, "anomaly");
        Objects.requireNonNull(source, "source");
    }
}
