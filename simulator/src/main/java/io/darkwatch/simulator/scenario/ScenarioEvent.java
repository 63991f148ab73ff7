package io.darkwatch.simulator.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Something that changes one country's traffic for a while: the anomalies darkwatch should find. */
public sealed interface ScenarioEvent permits BackscatterEvent, OutageEvent, ScanEvent, PortDeclineEvent,
        AppearEvent {

    /** The {@code type} value in scenario files. */
    String type();

    String country();

    Instant start();

    Duration duration();

    default Instant end() {
        return start().plus(duration());
    }

    /** Whether {@code epochSecond} lies in [start, end). */
    default boolean covers(long epochSecond) {
        return epochSecond >= start().getEpochSecond() && epochSecond < end().getEpochSecond();
    }

    /** Shared field checks; null fields are skipped (the reader reports them). */
    static void checkTiming(Problems p, String country, Instant start, Duration duration) {
        if (country != null) {
            p.at("country").require(CountryProfile.isCountryCode(country), "'" + country
                    + "' is not an ISO 3166-1 alpha-2 code in upper case");
        }
        if (start != null) {
            p.at("start").require(start.getNano() == 0, "must be on a whole second, not " + start);
        }
        if (duration != null) {
            p.at("duration").require(!duration.isNegative() && !duration.isZero() && duration.getNano() == 0,
                    "must be a positive whole number of seconds, not " + duration);
        }
    }

    static void checkPorts(Problems p, List<Integer> ports) {
        if (ports == null) {
            return;
        }
        p.require(!ports.isEmpty(), "must name at least one port");
        for (int i = 0; i < ports.size(); i++) {
            Integer port = ports.get(i);
            p.at("[" + i + "]").require(port != null && port >= 1 && port <= 65535, "port must be 1..65535, not "
                    + port);
        }
    }
}
