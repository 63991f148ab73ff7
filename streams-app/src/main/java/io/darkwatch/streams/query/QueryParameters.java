package io.darkwatch.streams.query;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parameters of one query, read strictly: an unknown or repeated parameter, a malformed value or
 * a period that ends before it starts is a {@link BadQueryException} saying which and why, never a
 * silently different answer.
 */
final class QueryParameters {
    /** Longer periods than this are surely a typo (and would overflow nothing, but scan everything). */
    static final Duration LONGEST_PERIOD = Duration.ofDays(400);
    static final int MAX_N = 1000;

    private final Map<String, String> values;

    private QueryParameters(Map<String, String> values) {
        this.values = values;
    }

    /** @param rawQuery the URI's raw query, null or empty for none */
    static QueryParameters parse(String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (values.put(name, value) != null) {
                    throw new BadQueryException("parameter '" + name + "' is given twice");
                }
            }
        }
        return new QueryParameters(values);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadQueryException("'" + s + "' is not URL-encoded correctly: " + e.getMessage());
        }
    }

    /** @throws BadQueryException naming the first parameter not among {@code known}, and the known ones */
    QueryParameters allowOnly(String... known) {
        Set<String> allowed = Set.of(known);
        for (String name : values.keySet()) {
            if (!allowed.contains(name)) {
                throw new BadQueryException("unknown parameter '" + name + "'" + (allowed.isEmpty()
                        ? ": this endpoint takes none" : " (this endpoint takes " + String.join(", ",
                        new TreeSet<>(allowed)) + ")"));
            }
        }
        return this;
    }

    Optional<String> country() {
        String c = values.get("country");
        return c == null ? Optional.empty() : Optional.of(country(c));
    }

    /** An ISO 3166-1 alpha-2 code, upper-cased. */
    static String country(String text) {
        String c = text.trim().toUpperCase(Locale.ROOT);
        if (c.length() != 2 || !Character.isLetter(c.charAt(0)) || !Character.isLetter(c.charAt(1))
                || c.charAt(0) > 'Z' || c.charAt(1) > 'Z') {
            throw new BadQueryException("country '" + text + "' is not a two-letter ISO 3166-1 code such as UA");
        }
        return c;
    }

    /** {@code from} and {@code to}, both required. */
    Period period() {
        return optionalPeriod().orElseThrow(() -> new BadQueryException(
                "'from' and 'to' are required: the period [from, to) as ISO-8601 instants or dates, e.g."
                        + " from=2022-02-24T00:00:00Z&to=2022-02-25T00:00:00Z"));
    }

    /** {@code from} and {@code to}, both or neither. */
    Optional<Period> optionalPeriod() {
        String from = values.get("from");
        String to = values.get("to");
        if (from == null && to == null) {
            return Optional.empty();
        }
        if (from == null || to == null) {
            throw new BadQueryException("give both 'from' and 'to' (or neither); only '" + (from == null ? "to"
                    : "from") + "' was given");
        }
        return Optional.of(new Period(instant("from", from), instant("to", to)));
    }

    /** An ISO-8601 instant ({@code 2022-02-24T04:00:00Z}) or a UTC date ({@code 2022-02-24}, its midnight). */
    static Instant instant(String name, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                throw new BadQueryException("'" + name + "' is '" + text + "', not an ISO-8601 instant such as"
                        + " 2022-02-24T04:00:00Z or a date such as 2022-02-24");
            }
        }
    }

    /** {@code n}: how many entries, 1 to {@value #MAX_N}. */
    int n(int byDefault) {
        String n = values.get("n");
        if (n == null) {
            return byDefault;
        }
        try {
            int v = Integer.parseInt(n.trim());
            if (v >= 1 && v <= MAX_N) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range number
        }
        throw new BadQueryException("'n' is '" + n + "', not a whole number from 1 to " + MAX_N);
    }

    Signal signal() {
        String s = values.get("signal");
        return s == null ? Signal.PACKETS : Signal.parse(s);
    }

    /** A period {@code [from, to)}; windows that start in it belong to it. */
    record Period(Instant from, Instant to) {
        Period {
            if (!to.isAfter(from)) {
                throw new BadQueryException("the period is empty: 'to' (" + to + ") must be after 'from' (" + from
                        + ")");
            }
            if (Duration.between(from, to).compareTo(LONGEST_PERIOD) > 0) {
                throw new BadQueryException("the period from " + from + " to " + to + " is longer than "
                        + LONGEST_PERIOD.toDays() + " days");
            }
        }
    }
}
