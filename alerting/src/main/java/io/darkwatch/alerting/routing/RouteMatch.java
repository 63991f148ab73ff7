package io.darkwatch.alerting.routing;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.Severity;
import java.util.Set;

/**
 * Which events a route takes: each condition is a set of allowed values, and an empty set allows
 * any. All conditions must hold.
 *
 * <p>An event without a severity (a RESOLVED step) passes any severity condition, so that an
 * episode's resolution goes to the channel its OPEN went to (as long as the route's type and country
 * conditions, which every step of an episode shares, are what told them apart).
 */
public record RouteMatch(Set<AnomalyType> types, Set<String> countries, Set<Severity> severities) {
    public static final RouteMatch EVERYTHING = new RouteMatch(Set.of(), Set.of(), Set.of());

    public RouteMatch {
        types = Set.copyOf(types);
        countries = Set.copyOf(countries);
        severities = Set.copyOf(severities);
    }

    public boolean matches(Anomaly a) {
        return (types.isEmpty() || types.contains(a.type()))
                && (countries.isEmpty() || countries.contains(a.country()))
                && (severities.isEmpty() || a.severity() == null || severities.contains(a.severity()));
    }

    public boolean matchesEverything() {
        return types.isEmpty() && countries.isEmpty() && severities.isEmpty();
    }
}
