package io.darkwatch.alerting.routing;

import io.darkwatch.common.anomaly.Anomaly;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Routes in order; the first that matches an event takes it. The last one matches everything (the
 * default route), so every event has exactly one route.
 */
public record Routes(List<Route> routes) {
    public Routes {
        routes = List.copyOf(routes);
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("no routes");
        }
        if (!routes.get(routes.size() - 1).match().matchesEverything()) {
            throw new IllegalArgumentException("the last route must match everything (the default route)");
        }
        Set<String> names = new HashSet<>();
        for (Route r : routes) {
            if (!names.add(r.name())) {
                throw new IllegalArgumentException("route name '" + r.name() + "' is used twice");
            }
        }
    }

    /** The route that takes this event: the first that matches. */
    public Route route(Anomaly anomaly) {
        for (Route r : routes) {
            if (r.match().matches(anomaly)) {
                return r;
            }
        }
        throw new IllegalStateException("unreachable: the last route matches everything");
    }
}
