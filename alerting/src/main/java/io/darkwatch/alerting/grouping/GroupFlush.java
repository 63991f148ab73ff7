package io.darkwatch.alerting.grouping;

import io.darkwatch.common.anomaly.Anomaly;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one group sends now: a message about {@link #alerts()}, and the events it answers for.
 *
 * @param group    the group's key (its route)
 * @param events   every event that arrived since the group last sent, in arrival order; each must be
 *                 recorded and committed once the message is out. Empty for a reminder.
 * @param reminder true when this repeats the group's open episodes after the repeat interval
 * @param alerts   what the message shows: the latest state of each episode, in order of first arrival
 */
public record GroupFlush<S>(String group, List<Grouped<S>> events, boolean reminder, List<Anomaly> alerts) {
    public GroupFlush {
        Objects.requireNonNull(group, "group");
        events = List.copyOf(events);
        alerts = List.copyOf(alerts);
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("a flush of group " + group + " has no alerts");
        }
        if (reminder != events.isEmpty()) {
            throw new IllegalArgumentException("a reminder carries no new events, and only a reminder");
        }
    }

    /** A flush of new events: one alert per episode, its latest step (OPEN then RESOLVED shows RESOLVED). */
    static <S> GroupFlush<S> of(String group, List<Grouped<S>> events) {
        Map<String, Anomaly> latest = new LinkedHashMap<>();
        events.forEach(e -> latest.put(e.anomaly().id(), e.anomaly()));
        return new GroupFlush<>(group, events, false, List.copyOf(latest.values()));
    }

    static <S> GroupFlush<S> reminder(String group, List<Anomaly> open) {
        return new GroupFlush<>(group, List.of(), true, open);
    }
}
