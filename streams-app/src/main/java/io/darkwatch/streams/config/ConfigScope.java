package io.darkwatch.streams.config;

import io.darkwatch.streams.detect.Detectors;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a config record applies to, named by its key on the config topic:
 * <ul>
 *   <li>{@code global}: every detector and country,</li>
 *   <li>{@code detector/<name>}: one detector, e.g. {@code detector/outage},</li>
 *   <li>{@code detector/<name>/country/<CC>}: one detector for one country, e.g.
 *       {@code detector/backscatter-surge/country/UA}.</li>
 * </ul>
 * A more specific scope wins: country over detector over global over the start-up settings.
 *
 * @param detector the detector's name ({@link Detectors#NAMES}), null for {@code global}
 * @param country  two capital letters, null unless the scope is one country's
 */
public record ConfigScope(String detector, String country) {
    public static final String GLOBAL_KEY = "global";
    public static final ConfigScope GLOBAL = new ConfigScope(null, null);

    private static final Pattern KEY = Pattern.compile("detector/([^/]+)(?:/country/([^/]+))?");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    public ConfigScope {
        if (detector == null && country != null) {
            throw new IllegalArgumentException("a country scope needs a detector");
        }
        if (detector != null && !Detectors.NAMES.contains(detector)) {
            throw new IllegalArgumentException("unknown detector '" + detector + "' (known: "
                    + String.join(", ", Detectors.NAMES) + ")");
        }
        if (country != null && !COUNTRY.matcher(country).matches()) {
            throw new IllegalArgumentException("country '" + country + "' must be two capital letters, e.g. KZ");
        }
    }

    public static ConfigScope detector(String name) {
        return new ConfigScope(Objects.requireNonNull(name, "name"), null);
    }

    public static ConfigScope country(String detector, String country) {
        return new ConfigScope(Objects.requireNonNull(detector, "detector"), Objects.requireNonNull(country,
                "country"));
    }

    /**
     * Reads a config topic key.
     *
     * @throws IllegalArgumentException saying what is wrong and what a key looks like
     */
    public static ConfigScope parse(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("the record has no key; " + grammar());
        }
        if (key.equals(GLOBAL_KEY)) {
            return GLOBAL;
        }
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown scope '" + key + "'; " + grammar());
        }
        try {
            return new ConfigScope(m.group(1), m.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scope '" + key + "': " + e.getMessage());
        }
    }

    private static String grammar() {
        return "write global, detector/<name> or detector/<name>/country/<CC> with a detector among "
                + String.join(", ", Detectors.NAMES);
    }

    /** The key on the config topic. */
    public String key() {
        if (detector == null) {
            return GLOBAL_KEY;
        }
        return country == null ? "detector/" + detector : "detector/" + detector + "/country/" + country;
    }

    public boolean isGlobal() {
        return detector == null;
    }

    /** The next less specific scope: country → detector → global; empty for global. */
    public Optional<ConfigScope> parent() {
        if (country != null) {
            return Optional.of(detector(detector));
        }
        return detector != null ? Optional.of(GLOBAL) : Optional.empty();
    }

    @Override
    public String toString() {
        return key();
    }
}
