package io.darkwatch.simulator.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.darkwatch.common.json.Json;
import io.darkwatch.simulator.pcap.TimestampPrecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the JSON scenario format (SCENARIOS.md) into a {@link Scenario}. The document is walked as
 * a tree rather than bound field by field, so that every problem — a wrong type, a bad instant, an
 * unknown (misspelt) field, a rate out of range, an event outside the capture — is collected and
 * reported in one {@link InvalidScenarioException}.
 */
public final class ScenarioReader {
    /** Share of a country's normal packets that are backscatter when neither it nor "defaults" says. */
    public static final double DEFAULT_BACKSCATTER_SHARE = 0.05;
    /** No daily rhythm unless asked for: the least surprising default. */
    public static final double DEFAULT_DAILY_AMPLITUDE = 0.0;
    public static final double DEFAULT_PEAK_HOUR_UTC = 12.0;

    private static final Set<String> TOP_FIELDS = Set.of("name", "description", "seed", "start", "duration",
            "sensor", "darknet", "timestamps", "defaults", "countries", "noise", "events");
    private static final Set<String> DEFAULT_FIELDS = Set.of("backscatterShare", "dailyAmplitude", "peakHourUtc");
    private static final Set<String> COUNTRY_FIELDS = Set.of("code", "rate", "backscatterShare", "dailyAmplitude",
            "peakHourUtc");
    private static final Set<String> NOISE_FIELDS = Set.of("rate", "spoofedShare");
    private static final Set<String> BACKSCATTER_FIELDS = Set.of("type", "country", "start", "duration", "rate",
            "victims", "ports");
    private static final Set<String> OUTAGE_FIELDS = Set.of("type", "country", "start", "duration", "remaining");
    private static final Set<String> SCAN_FIELDS = Set.of("type", "country", "start", "duration", "rate", "ports",
            "sources");
    private static final Set<String> PORT_DECLINE_FIELDS = Set.of("type", "country", "start", "duration", "port",
            "remaining");
    private static final Set<String> APPEAR_FIELDS = Set.of("type", "country", "start");

    private ScenarioReader() {
    }

    /**
     * @param json        the document
     * @param defaultName the name to use when the document has none (e.g. the file name without .json)
     * @throws InvalidScenarioException listing every problem
     */
    public static Scenario read(String json, String defaultName) {
        JsonNode root;
        try {
            // A reader with its own feature set: the shared mapper stays as common configured it.
            root = Json.mapper().reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidScenarioException("scenario " + defaultName, List.of("not valid JSON: "
                    + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidScenarioException("scenario " + defaultName, List.of("expected a JSON object at the top"));
        }
        Problems problems = new Problems();
        JsonFields f = new JsonFields(root, problems);
        f.rejectUnknown(TOP_FIELDS);

        String name = f.has("name") ? f.text("name", false) : defaultName;
        String description = f.has("description") ? f.text("description", false) : "";
        Long seed = f.integer("seed", true);
        Instant start = f.instant("start", true);
        Duration duration = f.duration("duration", true);
        String sensor = f.text("sensor", true);
        Ipv4Cidr darknet = darknet(f, problems);
        TimestampPrecision timestamps = timestamps(f, problems);
        Scenario.checkFields(problems, start, duration, sensor, darknet);

        CountryDefaults defaults = defaults(root.get("defaults"), problems.at("defaults"));
        List<CountryProfile> countries = countries(root.get("countries"), defaults, problems.at("countries"));
        Noise noise = noise(root.get("noise"), problems.at("noise"));
        // Country checks only make sense against a country list that was itself readable (codes null otherwise).
        List<String> codes = countries == null ? null : countries.stream().map(c -> c == null ? null : c.code())
                .toList();
        if (codes != null) {
            Scenario.checkCountries(problems.at("countries"), codes);
        }
        List<ScenarioEvent> events = events(root.get("events"), new Placement(codes, start, duration), problems);
        problems.throwIfAny("scenario " + (name == null ? defaultName : name));
        return new Scenario(name, description == null ? "" : description, seed, start, duration, sensor, darknet,
                timestamps, countries, noise, events);
    }

    private static void place(Problems at, String country, Instant start, Duration duration, Placement placement) {
        Scenario.checkPlacement(at, country, start, duration, placement.codes(), placement.start(),
                placement.duration());
    }

    private static Ipv4Cidr darknet(JsonFields f, Problems problems) {
        String text = f.text("darknet", true);
        if (text == null) {
            return null;
        }
        try {
            return Ipv4Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            problems.at("darknet").add(e.getMessage());
            return null;
        }
    }

    private static TimestampPrecision timestamps(JsonFields f, Problems problems) {
        if (!f.has("timestamps")) {
            return TimestampPrecision.MICROS;
        }
        String text = f.text("timestamps", false);
        if (text == null) {
            return null;
        }
        TimestampPrecision p = TimestampPrecision.fromName(text);
        if (p == null) {
            problems.at("timestamps").add("'" + text + "' is not one of " + Arrays.stream(TimestampPrecision.values())
                    .map(TimestampPrecision::jsonName).collect(Collectors.joining(", ")));
        }
        return p;
    }

    private record CountryDefaults(double backscatterShare, double dailyAmplitude, double peakHourUtc) {
    }

    private static CountryDefaults defaults(JsonNode node, Problems problems) {
        if (node == null || node.isNull()) {
            return new CountryDefaults(DEFAULT_BACKSCATTER_SHARE, DEFAULT_DAILY_AMPLITUDE, DEFAULT_PEAK_HOUR_UTC);
        }
        if (!node.isObject()) {
            problems.add("expected an object, got " + node);
            return new CountryDefaults(DEFAULT_BACKSCATTER_SHARE, DEFAULT_DAILY_AMPLITUDE, DEFAULT_PEAK_HOUR_UTC);
        }
        JsonFields f = new JsonFields(node, problems);
        f.rejectUnknown(DEFAULT_FIELDS);
        Double share = f.number("backscatterShare", false);
        Double amplitude = f.number("dailyAmplitude", false);
        Double peak = f.number("peakHourUtc", false);
        // Reuse the country checks, so "defaults" and a country report the same limits.
        CountryProfile.check(problems, null, null, share, amplitude, peak);
        return new CountryDefaults(share == null ? DEFAULT_BACKSCATTER_SHARE : share,
                amplitude == null ? DEFAULT_DAILY_AMPLITUDE : amplitude, peak == null ? DEFAULT_PEAK_HOUR_UTC : peak);
    }

    private static List<CountryProfile> countries(JsonNode node, CountryDefaults defaults, Problems problems) {
        if (node == null || node.isNull()) {
            problems.add("is required (a list of {\"code\": \"US\", \"rate\": 0.5})");
            return null;
        }
        if (!node.isArray()) {
            problems.add("expected an array, got " + node);
            return null;
        }
        List<CountryProfile> countries = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            Problems at = problems.at("[" + i + "]");
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                at.add("expected an object, got " + item);
                countries.add(null);
                continue;
            }
            JsonFields f = new JsonFields(item, at);
            f.rejectUnknown(COUNTRY_FIELDS);
            String code = f.text("code", true);
            Double rate = f.number("rate", true);
            Double share = f.has("backscatterShare") ? f.number("backscatterShare", false) : defaults.backscatterShare();
            Double amplitude = f.has("dailyAmplitude") ? f.number("dailyAmplitude", false) : defaults.dailyAmplitude();
            Double peak = f.has("peakHourUtc") ? f.number("peakHourUtc", false) : defaults.peakHourUtc();
            int before = problems.list().size();
            CountryProfile.check(at, code, rate, share, amplitude, peak);
            boolean complete = code != null && rate != null && share != null && amplitude != null && peak != null;
            countries.add(complete && problems.list().size() == before
                    ? new CountryProfile(code, rate, share, amplitude, peak)
                    : code == null ? null : placeholder(code));
        }
        return countries;
    }

    /** Keeps an invalid country's code, so events naming it are not also reported as naming an unknown country. */
    private static CountryProfile placeholder(String code) {
        return CountryProfile.isCountryCode(code) ? new CountryProfile(code, 0, 0, 0, 0) : null;
    }

    private static Noise noise(JsonNode node, Problems problems) {
        if (node == null || node.isNull()) {
            return Noise.NONE;
        }
        if (!node.isObject()) {
            problems.add("expected an object, got " + node);
            return null;
        }
        int before = problems.list().size();
        JsonFields f = new JsonFields(node, problems);
        f.rejectUnknown(NOISE_FIELDS);
        Double rate = f.number("rate", true);
        Double spoofed = f.has("spoofedShare") ? f.number("spoofedShare", false) : Double.valueOf(0);
        Noise.check(problems, rate, spoofed);
        return problems.list().size() == before ? new Noise(rate, spoofed) : null;
    }

    /** What an event is placed against: the scenario's country codes and time range (any may be null). */
    private record Placement(List<String> codes, Instant start, Duration duration) {
    }

    private static List<ScenarioEvent> events(JsonNode node, Placement placement, Problems problems) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.at("events").add("expected an array, got " + node);
            return null;
        }
        List<ScenarioEvent> events = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            Problems at = problems.at("events[" + i + "]");
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                at.add("expected an object, got " + item);
                events.add(null);
                continue;
            }
            events.add(event(new JsonFields(item, at), placement, at));
        }
        Scenario.checkAppearances(problems, events);
        Scenario.checkPortDeclines(problems, events);
        return events;
    }

    private static ScenarioEvent event(JsonFields f, Placement placement, Problems at) {
        Instant captureStart = placement.start();
        String type = f.text("type", true);
        if (type == null) {
            return null;
        }
        int before = at.list().size();
        switch (type) {
            case BackscatterEvent.TYPE -> {
                f.rejectUnknown(BACKSCATTER_FIELDS);
                String country = f.text("country", true);
                Instant start = f.instantOrOffset("start", captureStart);
                Duration duration = f.duration("duration", true);
                Double rate = f.number("rate", true);
                Integer victims = f.smallInteger("victims", true);
                List<Integer> ports = f.ports("ports", true);
                BackscatterEvent.check(at, country, start, duration, rate, victims, ports);
                place(at, country, start, duration, placement);
                return at.list().size() == before
                        ? new BackscatterEvent(country, start, duration, rate, victims, ports) : null;
            }
            case OutageEvent.TYPE -> {
                f.rejectUnknown(OUTAGE_FIELDS);
                String country = f.text("country", true);
                Instant start = f.instantOrOffset("start", captureStart);
                Duration duration = f.duration("duration", true);
                Double remaining = f.has("remaining") ? f.number("remaining", false) : Double.valueOf(0);
                OutageEvent.check(at, country, start, duration, remaining);
                place(at, country, start, duration, placement);
                return at.list().size() == before ? new OutageEvent(country, start, duration, remaining) : null;
            }
            case ScanEvent.TYPE -> {
                f.rejectUnknown(SCAN_FIELDS);
                String country = f.text("country", true);
                Instant start = f.instantOrOffset("start", captureStart);
                Duration duration = f.duration("duration", true);
                Double rate = f.number("rate", true);
                List<Integer> ports = f.ports("ports", true);
                Integer sources = f.smallInteger("sources", true);
                ScanEvent.check(at, country, start, duration, rate, ports, sources);
                place(at, country, start, duration, placement);
                return at.list().size() == before ? new ScanEvent(country, start, duration, rate, ports, sources)
                        : null;
            }
            case PortDeclineEvent.TYPE -> {
                f.rejectUnknown(PORT_DECLINE_FIELDS);
                String country = f.text("country", true);
                Instant start = f.instantOrOffset("start", captureStart);
                Duration duration = f.duration("duration", true);
                Integer port = f.smallInteger("port", true);
                Double remaining = f.number("remaining", true);
                PortDeclineEvent.check(at, country, start, duration, port, remaining);
                place(at, country, start, duration, placement);
                return at.list().size() == before
                        ? new PortDeclineEvent(country, start, duration, port, remaining) : null;
            }
            case AppearEvent.TYPE -> {
                f.rejectUnknown(APPEAR_FIELDS);
                String country = f.text("country", true);
                Instant start = f.instantOrOffset("start", captureStart);
                AppearEvent.check(at, country, start, null);
                if (start != null && captureStart != null && placement.duration() != null) {
                    // Checked here rather than through the duration: the file gives none, so a message about
                    // one would puzzle its author.
                    Instant end = captureStart.plus(placement.duration());
                    at.at("start").require(start.isAfter(captureStart) && start.isBefore(end), "a country appears"
                            + " strictly inside the capture (" + captureStart + " .. " + end + "), not at " + start
                            + "; a country sending from the start needs no appear event");
                }
                place(at, country, null, null, placement);
                return at.list().size() == before && captureStart != null && placement.duration() != null
                        ? AppearEvent.at(country, start, captureStart.plus(placement.duration())) : null;
            }
            default -> {
                at.at("type").add("'" + type + "' is not one of " + String.join(", ", BackscatterEvent.TYPE,
                        OutageEvent.TYPE, ScanEvent.TYPE, PortDeclineEvent.TYPE, AppearEvent.TYPE));
                return null;
            }
        }
    }
}
