package io.darkwatch.streams.metrics;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Hands out {@code country} label values: a country's own code while fewer than the limit are in
 * use, {@value #OTHER} otherwise and for anything that is not an ISO 3166-1 alpha-2 code (or
 * {@code ZZ}, darkwatch's "unknown"). A forgotten country frees its place. Not thread-safe: the
 * owner synchronises.
 */
final class CountryLabels {
    static final String OTHER = "other";
    static final String UNKNOWN = "ZZ";
    private static final Set<String> ISO_CODES = Set.of(Locale.getISOCountries());

    private final int limit;
    private final Set<String> own = new HashSet<>();

    CountryLabels(int limit) {
        this.limit = limit;
    }

    /** The label for {@code country}, claiming a place for it if there is one. */
    String label(String country) {
        if (own.contains(country)) {
            return country;
        }
        if (!isValid(country) || own.size() >= limit) {
            return OTHER;
        }
        own.add(country);
        return country;
    }

    /** Whether the country has a label of its own (and therefore gauges). */
    boolean hasOwn(String country) {
        return own.contains(country);
    }

    void release(String country) {
        own.remove(country);
    }

    static boolean isValid(String country) {
        return UNKNOWN.equals(country) || ISO_CODES.contains(country);
    }
}
