package io.darkwatch.simulator.scenario;

import io.darkwatch.simulator.pcap.TimestampPrecision;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything that determines a synthetic capture: the same scenario always yields the same bytes.
 * The JSON form is described in SCENARIOS.md and read by {@link ScenarioReader}.
 *
 * @param name        label used in reports
 * @param description free text, may be empty
 * @param seed        seed of every random stream
 * @param start       first second of the capture (whole second)
 * @param duration    length of the capture (whole seconds)
 * @param sensor      sensor id the capture is attributed to
 * @param darknet     destination prefix of every packet
 * @param timestamps  precision of the pcap timestamps
 * @param countries   normal traffic per country, codes unique
 * @param noise       traffic from countries not named here
 * @param events      anomalies, each inside [start, start + duration]
 */
public record Scenario(String name, String description, long seed, Instant start, Duration duration, String sensor,
        Ipv4Cidr darknet, TimestampPrecision timestamps, List<CountryProfile> countries, Noise noise,
        List<ScenarioEvent> events) {

    /** Longest capture accepted: a year is far beyond any test or demo and catches "P3650D"-style typos. */
    public static final Duration MAX_DURATION = Duration.ofDays(366);
    /** A darknet larger than a /8 does not exist; the limit catches "0.0.0.0/0". */
    public static final int MIN_DARKNET_PREFIX = 8;

    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(darknet, "darknet");
        Objects.requireNonNull(timestamps, "timestamps");
        Objects.requireNonNull(noise, "noise");
        countries = List.copyOf(countries);
        events = List.copyOf(events);
        Problems problems = new Problems();
        checkFields(problems, start, duration, sensor, darknet);
        checkCountries(problems.at("countries"), countries.stream().map(CountryProfile::code).toList());
        checkEvents(problems, start, duration, countries.stream().map(CountryProfile::code).toList(), events);
        problems.throwIfAny("scenario " + name);
    }

    public Instant end() {
        return start.plus(duration);
    }

    public long durationSeconds() {
        return duration.getSeconds();
    }

    /** Codes in file order. */
    public Set<String> countryCodes() {
        Set<String> codes = new LinkedHashSet<>();
        countries.forEach(c -> codes.add(c.code()));
        return codes;
    }

    static void checkFields(Problems p, Instant start, Duration duration, String sensor, Ipv4Cidr darknet) {
        if (start != null) {
            p.at("start").require(start.getNano() == 0, "must be on a whole second, not " + start);
            p.at("start").require(start.getEpochSecond() >= 0, "must not be before 1970 (pcap stores unsigned seconds)");
        }
        if (duration != null) {
            p.at("duration").require(!duration.isNegative() && !duration.isZero() && duration.getNano() == 0,
                    "must be a positive whole number of seconds, not " + duration);
            p.at("duration").require(duration.compareTo(MAX_DURATION) <= 0, "must be at most " + MAX_DURATION
                    + ", not " + duration);
        }
        if (sensor != null) {
            p.at("sensor").require(!sensor.isBlank(), "must not be blank");
            // The packet summary codec stores the sensor id's length in one byte.
            p.at("sensor").require(sensor.getBytes(StandardCharsets.UTF_8).length <= 255,
                    "must be at most 255 bytes in UTF-8");
        }
        if (darknet != null) {
            p.at("darknet").require(darknet.prefixLength() >= MIN_DARKNET_PREFIX, "must be a /"
                    + MIN_DARKNET_PREFIX + " or smaller, not " + darknet);
        }
    }

    static void checkCountries(Problems p, List<String> codes) {
        p.require(!codes.isEmpty(), "must name at least one country");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < codes.size(); i++) {
            String code = codes.get(i);
            if (code != null && !seen.add(code)) {
                p.at("[" + i + "]").at("code").add("country " + code + " is listed twice");
            }
        }
    }

    /**
     * Checks that events name listed countries and lie inside the capture, and that a country that
     * appears does so once and has no event before it appears; null entries are skipped.
     */
    static void checkEvents(Problems p, Instant start, Duration duration, List<String> codes,
            List<ScenarioEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            ScenarioEvent e = events.get(i);
            if (e != null) {
                checkPlacement(p.at("events[" + i + "]"), e.country(), e.start(), e.duration(), codes, start,
                        duration);
                if (e instanceof AppearEvent && start != null && duration != null) {
                    p.at("events[" + i + "]").at("duration").require(e.end().equals(start.plus(duration)),
                            "an appear event lasts until the capture ends (" + start.plus(duration) + "), not until "
                                    + e.end() + " (AppearEvent.at builds one)");
                }
            }
        }
        checkAppearances(p, events);
        checkPortDeclines(p, events);
    }

    /** One decline per port and country: two would multiply, and the report could not say which moved a probe. */
    static void checkPortDeclines(Problems p, List<ScenarioEvent> events) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof PortDeclineEvent d) {
                Integer earlier = seen.putIfAbsent(d.country() + "/" + d.port(), i);
                if (earlier != null) {
                    p.at("events[" + i + "]").at("port").add("port " + d.port() + " of " + d.country()
                            + " already declines in events[" + earlier + "]; one decline per port and country");
                }
            }
        }
    }

    /**
     * A country appears at most once, and none of its other events may start before it appears:
     * such an event would silently inject nothing (a country that does not exist yet sends nothing),
     * which is never what the author meant.
     */
    static void checkAppearances(Problems p, List<ScenarioEvent> events) {
        Map<String, Integer> appearance = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof AppearEvent a) {
                Integer earlier = appearance.putIfAbsent(a.country(), i);
                if (earlier != null) {
                    p.at("events[" + i + "]").at("country").add("country " + a.country() + " already appears in events["
                            + earlier + "]; a country appears once");
                }
            }
        }
        for (int i = 0; i < events.size(); i++) {
            ScenarioEvent e = events.get(i);
            if (e == null || e instanceof AppearEvent) {
                continue;
            }
            Integer a = appearance.get(e.country());
            if (a != null && e.start().isBefore(events.get(a).start())) {
                p.at("events[" + i + "]").at("start").add("event starts at " + e.start() + ", before " + e.country()
                        + " appears at " + events.get(a).start() + " (events[" + a + "]): it would inject nothing");
            }
        }
    }

    /** One event's country must be listed and its time range inside the capture; null values are skipped. */
    static void checkPlacement(Problems at, String country, Instant eventStart, Duration eventDuration,
            List<String> codes, Instant start, Duration duration) {
        if (country != null && codes != null) {
            at.at("country").require(codes.contains(country), "country " + country
                    + " is not in the scenario's countries (events change a listed country's traffic)");
        }
        if (start != null && duration != null && eventStart != null) {
            Instant end = start.plus(duration);
            at.at("start").require(!eventStart.isBefore(start), "event starts at " + eventStart
                    + ", before the capture starts at " + start);
            if (eventDuration != null) {
                Instant eventEnd = eventStart.plus(eventDuration);
                at.at("duration").require(!eventEnd.isAfter(end), "event ends at " + eventEnd
                        + ", after the capture ends at " + end);
            }
        }
    }
}
