package io.darkwatch.streams.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.darkwatch.common.json.Json;
import io.darkwatch.streams.detect.BackscatterSurgeDetector;
import io.darkwatch.streams.detect.Detectors;
import io.darkwatch.streams.detect.OutageDetector;
import io.darkwatch.streams.detect.ScanSurgeDetector;
import io.darkwatch.streams.detect.ScanSweepDetector;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.settings.InvalidSettingsException;
import io.darkwatch.streams.settings.SettingKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks config records with the same rules as {@code --set}, reporting every problem at once.
 *
 * <p>Which keys may be set where:
 * <ul>
 *   <li>Not live, in no scope: {@code window.size}, {@code window.grace}, {@code baseline.windows},
 *       {@code signal.top-n}, {@code country.forget-after}, {@code outage.signal}, {@code scan.enabled}
 *       ({@link #NOT_LIVE} says why for each):
 *       they shape the windows and histories already in the state stores, so they are start-up
 *       settings ({@code --set}) only.</li>
 *   <li>A detector's own keys ({@code backscatter.*} for {@code backscatter-surge},
 *       {@code outage.*} for {@code outage}, {@code scan.*} for {@code scan-surge}, {@code sweep.*} for
 *       {@code scan-sweep}): in {@code global} and in that detector's scopes.</li>
 *   <li>The shared judging keys ({@code baseline.min-windows}, {@code episode.*}): in every scope.</li>
 * </ul>
 * Besides each value's type and range, the rules between settings (e.g. critical ratio below warning
 * ratio) are checked on what a detector would use: the base settings, then {@code global}, the
 * detector's scope and the country's scope, with the new record in its place, for every
 * (detector, country) the record affects.
 */
public final class ConfigValidator {
    public static final int SCHEMA_VERSION = 1;

    /** Settings only read at start-up, and why. */
    public static final Map<SettingKey, String> NOT_LIVE;

    static {
        Map<SettingKey, String> m = new EnumMap<>(SettingKey.class);
        m.put(SettingKey.WINDOW_SIZE, "the open windows in the state stores are cut by it; set it at start-up"
                + " (--set) under a new application id");
        m.put(SettingKey.WINDOW_GRACE, "it decides when the windows open now close; set it at start-up (--set)");
        m.put(SettingKey.PACKETS_MAX_AHEAD, "it is part of the packets' event time, which decides when windows"
                + " close; set it at start-up (--set)");
        m.put(SettingKey.BASELINE_WINDOWS, "it is the length of every country's stored history; set it at"
                + " start-up (--set)");
        m.put(SettingKey.SIGNAL_TOP_N, "it shapes the country windows before any detector sees them; set it at"
                + " start-up (--set)");
        m.put(SettingKey.COUNTRY_FORGET_AFTER, "it decides which countries get windows at all; set it at start-up"
                + " (--set)");
        m.put(SettingKey.OUTAGE_SIGNAL, "each signal has its own history and a switch starts a fresh one, a day"
                + " without outage claims; set it at start-up (--set)");
        m.put(SettingKey.SCAN_ENABLED, "the detectors that run, and the histories kept for them, are fixed at"
                + " start-up; set it there (--set)");
        NOT_LIVE = Collections.unmodifiableMap(m);
    }

    private static final Map<String, String> DETECTOR_BY_PREFIX = Map.of(
            "backscatter.", BackscatterSurgeDetector.NAME,
            "outage.", OutageDetector.NAME,
            "scan.", ScanSurgeDetector.NAME,
            "sweep.", ScanSweepDetector.NAME);

    private final DetectorSettings base;

    /** @param base the settings the scopes override: the application's start-up settings */
    public ConfigValidator(DetectorSettings base) {
        this.base = base;
    }

    /** The detector a setting belongs to, or empty when it applies to every detector. */
    public static Optional<String> detectorOf(SettingKey key) {
        return DETECTOR_BY_PREFIX.entrySet().stream().filter(e -> key.key().startsWith(e.getKey()))
                .map(Map.Entry::getValue).findFirst();
    }

    /**
     * Checks settings to be written under a scope key, as a {@link ConfigRecord} with the given author
     * (the client's path: no JSON involved).
     *
     * @param current the accepted records now in force, by scope key
     */
    public ConfigValidation validate(String key, Map<String, String> settings, String updatedBy, Instant updatedAt,
            String comment, Map<String, ConfigRecord> current) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("schemaVersion", SCHEMA_VERSION);
        tree.put("settings", settings);
        tree.put("updatedBy", updatedBy);
        tree.put("updatedAt", updatedAt == null ? null : updatedAt.toString());
        tree.put("comment", comment);
        return validate(key, Json.mapper().valueToTree(tree), current);
    }

    /**
     * Checks a config record as read from the topic (a null value is a deletion, see
     * {@link #validateDeletion}).
     *
     * @param current the accepted records now in force, by scope key
     */
    public ConfigValidation validate(String key, String json, Map<String, ConfigRecord> current) {
        JsonNode root;
        try {
            root = json == null ? null : Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            List<ConfigProblem> problems = new ArrayList<>();
            scope(key, problems);
            problems.add(new ConfigProblem(ConfigProblem.MALFORMED, "malformed JSON: " + e.getOriginalMessage()));
            return new ConfigValidation(null, null, problems);
        }
        return validate(key, root, current);
    }

    /** A deletion (tombstone) is refused only when its key names no scope. */
    public ConfigValidation validateDeletion(String key) {
        List<ConfigProblem> problems = new ArrayList<>();
        ConfigScope scope = scope(key, problems);
        return new ConfigValidation(scope, null, problems);
    }

    private ConfigValidation validate(String key, JsonNode root, Map<String, ConfigRecord> current) {
        List<ConfigProblem> problems = new ArrayList<>();
        ConfigScope scope = scope(key, problems);
        if (root == null || !root.isObject()) {
            problems.add(new ConfigProblem(ConfigProblem.MALFORMED, "the value must be a JSON object with"
                    + " schemaVersion, settings, updatedBy, updatedAt and comment"));
            return new ConfigValidation(scope, null, problems);
        }
        JsonNode version = root.get("schemaVersion");
        if (version == null || version.isNull()) {
            problems.add(new ConfigProblem(ConfigProblem.SCHEMA_VERSION, "schemaVersion is missing (this version"
                    + " reads " + SCHEMA_VERSION + ")"));
        } else if (!version.isIntegralNumber() || version.asInt() != SCHEMA_VERSION) {
            problems.add(new ConfigProblem(ConfigProblem.SCHEMA_VERSION, "schemaVersion " + version
                    + " is not supported (this version reads " + SCHEMA_VERSION + ")"));
        }
        String updatedBy = text(root, "updatedBy");
        if (updatedBy == null || updatedBy.isBlank()) {
            problems.add(new ConfigProblem(ConfigProblem.MALFORMED, "updatedBy (who made the change) is missing"));
        }
        Instant updatedAt = null;
        String at = text(root, "updatedAt");
        try {
            updatedAt = at == null ? null : Instant.parse(at);
        } catch (DateTimeParseException e) {
            // reported below
        }
        if (updatedAt == null) {
            problems.add(new ConfigProblem(ConfigProblem.MALFORMED, "updatedAt must be an ISO-8601 instant such as"
                    + " 2026-01-01T12:00:00Z" + (at == null ? "" : ", not '" + at + "'")));
        }
        JsonNode commentNode = root.get("comment");
        if (commentNode != null && !commentNode.isNull() && !commentNode.isTextual()) {
            problems.add(new ConfigProblem(ConfigProblem.MALFORMED, "comment must be text"));
        }
        Map<String, String> canonical = settings(root.get("settings"), scope, problems);
        if (problems.isEmpty()) {
            problems.addAll(ruleProblems(scope, canonical, current));
        }
        if (!problems.isEmpty()) {
            return new ConfigValidation(scope, null, problems);
        }
        String comment = commentNode == null || commentNode.isNull() ? "" : commentNode.asText();
        return new ConfigValidation(scope, new ConfigRecord(SCHEMA_VERSION, canonical, updatedBy, updatedAt,
                comment), List.of());
    }

    private static ConfigScope scope(String key, List<ConfigProblem> problems) {
        try {
            return ConfigScope.parse(key);
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(ConfigProblem.SCOPE, e.getMessage()));
            return null;
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n == null || !n.isTextual() ? null : n.asText();
    }

    /** Each setting checked on its own; the readable ones in canonical text. */
    private static Map<String, String> settings(JsonNode node, ConfigScope scope, List<ConfigProblem> problems) {
        Map<String, String> canonical = new TreeMap<>();
        if (node == null || !node.isObject()) {
            problems.add(new ConfigProblem(ConfigProblem.MALFORMED, "settings must be a JSON object of setting key"
                    + " → value, e.g. {\"outage.warning-ratio\": \"0.2\"}"));
            return canonical;
        }
        if (node.isEmpty()) {
            problems.add(new ConfigProblem(ConfigProblem.MALFORMED, "settings is empty: to go back to the defaults,"
                    + " delete the scope (a null value) instead"));
            return canonical;
        }
        // Sorted so that the same record always lists its problems in the same order.
        Map<String, JsonNode> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            sorted.put(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
            String name = e.getKey();
            Optional<SettingKey> key = SettingKey.byKey(name);
            if (key.isEmpty()) {
                problems.add(new ConfigProblem(ConfigProblem.UNKNOWN_KEY, "unknown setting '" + name + "'"
                        + SettingKey.closestTo(name).map(k -> " (did you mean " + k.key() + "?)").orElse("")));
                continue;
            }
            SettingKey k = key.get();
            if (NOT_LIVE.containsKey(k)) {
                problems.add(new ConfigProblem(ConfigProblem.NOT_LIVE, name + " cannot be changed live: "
                        + NOT_LIVE.get(k)));
                continue;
            }
            Optional<String> owner = detectorOf(k);
            if (scope != null && !scope.isGlobal() && owner.isPresent() && !owner.get().equals(scope.detector())) {
                problems.add(new ConfigProblem(ConfigProblem.WRONG_DETECTOR, name + " belongs to detector "
                        + owner.get() + ", not to " + scope.detector() + "; set it in global or detector/"
                        + owner.get()));
                continue;
            }
            JsonNode v = e.getValue();
            if (!v.isTextual() && !v.isNumber()) {
                problems.add(new ConfigProblem(ConfigProblem.TYPE, name + ": " + v + " must be text or a number"));
                continue;
            }
            Object value;
            try {
                value = k.type().parse(v.asText());
            } catch (IllegalArgumentException ex) {
                problems.add(new ConfigProblem(ConfigProblem.TYPE, name + ": " + ex.getMessage()));
                continue;
            }
            String range = k.rangeProblem(value);
            if (range != null) {
                problems.add(new ConfigProblem(ConfigProblem.RANGE, range));
                continue;
            }
            canonical.put(name, k.type().format(value));
        }
        return canonical;
    }

    /**
     * The rules between settings on every chain of scopes the record takes part in: for global every
     * detector and every country scope, for a detector its country scopes, for a country itself.
     */
    private List<ConfigProblem> ruleProblems(ConfigScope scope, Map<String, String> settings,
            Map<String, ConfigRecord> current) {
        List<ConfigScope> leaves = new ArrayList<>();
        for (String d : Detectors.NAMES) {
            if (scope.isGlobal() || (scope.country() == null && scope.detector().equals(d))) {
                leaves.add(ConfigScope.detector(d));
            }
        }
        if (scope.country() != null) {
            leaves.add(scope);
        } else {
            for (String k : current.keySet()) {
                ConfigScope s = ConfigScope.parse(k);
                if (s.country() != null && (scope.isGlobal() || scope.detector().equals(s.detector()))) {
                    leaves.add(s);
                }
            }
        }
        Set<String> messages = new LinkedHashSet<>();
        for (ConfigScope leaf : leaves) {
            Map<String, String> merged = new LinkedHashMap<>(base.toMap());
            List<String> others = new ArrayList<>();
            for (ConfigScope s : chain(leaf)) {
                if (s.equals(scope)) {
                    merged.putAll(settings);
                } else if (current.containsKey(s.key())) {
                    merged.putAll(current.get(s.key()).settings());
                    others.add(s.key());
                }
            }
            try {
                DetectorSettings.parse(merged);
            } catch (InvalidSettingsException e) {
                for (String p : e.problems()) {
                    messages.add(others.isEmpty() ? p : p + " (together with " + String.join(", ", others) + ")");
                }
            }
        }
        return messages.stream().map(m -> new ConfigProblem(ConfigProblem.RULE, m)).toList();
    }

    /** global, then the detector, then the country, as far as {@code leaf} goes. */
    static List<ConfigScope> chain(ConfigScope leaf) {
        List<ConfigScope> chain = new ArrayList<>();
        for (ConfigScope s = leaf; s != null; s = s.parent().orElse(null)) {
            chain.add(0, s);
        }
        return chain;
    }
}
