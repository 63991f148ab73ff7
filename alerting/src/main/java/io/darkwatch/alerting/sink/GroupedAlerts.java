package io.darkwatch.alerting.sink;

import io.darkwatch.common.anomaly.Anomaly;
import java.util.List;
import java.util.Objects;

/**
 * One grouped message's worth of alerts.
 *
 * @param group    the group's key (its route), for the message's footer and logs
 * @param events   the new events, in arrival order, as the topic carried them (empty for a reminder)
 * @param alerts   what a message shows: the latest step of each episode
 * @param reminder true when this repeats open episodes after the repeat interval
 */
public record GroupedAlerts(String group, List<Anomaly> events, List<Anomaly> alerts, boolean reminder) {
    public GroupedAlerts {
        Objects.requireNonNull(group, "group");
        events = List.copyOf(events);
        alerts = List.copyOf(alerts);
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("a grouped message needs at least one alert");
        }
    }
}
