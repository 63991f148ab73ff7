package io.darkwatch.alerting.service;

import io.darkwatch.alerting.routing.Routes;
import io.darkwatch.alerting.sink.AlertSink;
import io.darkwatch.common.anomaly.Anomaly;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which route an event takes, and the sink of each route. Without routes every event takes the one
 * route {@value #DEFAULT_ROUTE}, which has no sink of its own (only the service's common sinks).
 */
public record AlertRouting(Routes routes, Map<String, AlertSink> sinks) {
    public static final String DEFAULT_ROUTE = "default";
    public static final AlertRouting NONE = new AlertRouting(null, Map.of());

    public AlertRouting {
        sinks = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(sinks, "sinks")));
        if (routes == null && !sinks.isEmpty()) {
            throw new IllegalArgumentException("route sinks without routes");
        }
        if (routes != null) {
            for (var route : routes.routes()) {
                if (!sinks.containsKey(route.name())) {
                    throw new IllegalArgumentException("route " + route.name() + " has no sink");
                }
            }
        }
    }

    /** The name of the route that takes this event. */
    public String route(Anomaly anomaly) {
        return routes == null ? DEFAULT_ROUTE : routes.route(anomaly).name();
    }

    /** The sinks of a route beyond the common ones. */
    public List<AlertSink> sinksOf(String route) {
        AlertSink sink = sinks.get(route);
        return sink == null ? List.of() : List.of(sink);
    }
}
