package io.darkwatch.cli.local;

import io.darkwatch.alerting.sink.AlertSink;
import io.darkwatch.common.anomaly.Anomaly;
import java.util.ArrayList;
import java.util.List;

/** Keeps every delivered anomaly event in memory, for the run's summary. */
final class CollectingSink implements AlertSink {
    private final List<Anomaly> anomalies = new ArrayList<>();

    @Override
    public String name() {
        return "summary";
    }

    @Override
    public synchronized void deliver(Anomaly anomaly) {
        anomalies.add(anomaly);
    }

    synchronized List<Anomaly> anomalies() {
        return List.copyOf(anomalies);
    }

    @Override
    public void close() {
    }
}
