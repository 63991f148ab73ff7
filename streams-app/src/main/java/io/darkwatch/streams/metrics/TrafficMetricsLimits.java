package io.darkwatch.streams.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * How many label values the traffic metrics may create, so that a scrape stays small whatever the
 * traffic: Prometheus keeps every series it has seen for its retention, and a per-country label on
 * a busy telescope could otherwise grow with every code a bad GeoIP database makes up.
 *
 * @param maxCountries countries with a {@code country} label of their own (ISO 3166-1 alpha-2 codes
 *                     and {@code ZZ} only); further countries are counted under {@code country="other"}
 *                     and get no gauges. 300 is above the ~250 assigned codes, so by default every
 *                     real country gets its own series.
 * @param maxPorts     destination ports with a {@code port} label of their own: those with the most
 *                     packets so far; the rest are counted under {@code port="other"}. 10 is twice
 *                     what the Overview dashboard ranks (top 5).
 * @param maxSensors   sensor ids with a {@code sensor} label of their own; further sensors are counted
 *                     under {@code sensor="other"}. 64 covers a large deployment of telescopes.
 */
public record TrafficMetricsLimits(int maxCountries, int maxPorts, int maxSensors) {
    public static final int DEFAULT_MAX_COUNTRIES = 300;
    public static final int DEFAULT_MAX_PORTS = 10;
    public static final int DEFAULT_MAX_SENSORS = 64;
    public static final TrafficMetricsLimits DEFAULT = new TrafficMetricsLimits(DEFAULT_MAX_COUNTRIES,
            DEFAULT_MAX_PORTS, DEFAULT_MAX_SENSORS);

    public TrafficMetricsLimits {
        List<String> problems = problems(maxCountries, maxPorts, maxSensors);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** Every problem with these limits, for start-up validation that reports all at once. */
    public static List<String> problems(int maxCountries, int maxPorts, int maxSensors) {
        List<String> problems = new ArrayList<>();
        if (maxCountries < 0 || maxCountries > 1000) {
            problems.add("metrics max countries must be 0..1000, not " + maxCountries);
        }
        if (maxPorts < 0 || maxPorts > 1000) {
            problems.add("metrics max ports must be 0..1000, not " + maxPorts);
        }
        if (maxSensors < 0 || maxSensors > 1000) {
            problems.add("metrics max sensors must be 0..1000, not " + maxSensors);
        }
        return problems;
    }
}
