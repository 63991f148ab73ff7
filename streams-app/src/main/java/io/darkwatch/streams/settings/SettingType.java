package io.darkwatch.streams.settings;

import java.math.BigDecimal;
import io.darkwatch.common.time.Durations;
import java.time.Duration;
import java.util.Locale;

/**
 * The value types a detector setting can have, each with one text syntax shared by the CLI's
 * {@code --set key=value}, the config topic and the README table.
 */
public enum SettingType {
    /** ISO-8601 ({@code PT5M}, {@code P1D}) or a whole number with a unit: {@code 500ms 30s 5m 1h 1d}. */
    DURATION("duration"),
    /** A whole number. */
    INTEGER("integer"),
    /** A decimal number such as {@code 0.25} or {@code 3}. */
    DECIMAL("decimal"),
    /** {@code true} or {@code false}: a feature switch. */
    BOOLEAN("boolean"),
    /** One word out of the few a setting allows ({@link SettingKey#choices()}), e.g. {@code unique-sources}. */
    CHOICE("choice");


    private final String label;

    SettingType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * Reads a value of this type.
     *
     * @return a {@link Duration}, {@link Long}, {@link Double}, {@link Boolean} or (for a choice, lower case)
     *         {@link String}; whether a choice is one the setting allows is its range check
     * @throws IllegalArgumentException with a message that says what was expected
     */
    public Comparable<?> parse(String text) {
        String t = text == null ? "" : text.trim();
        return switch (this) {
            case DURATION -> parseDuration(t);
            case INTEGER -> parseInteger(t);
            case DECIMAL -> parseDecimal(t);
            case BOOLEAN -> parseBoolean(t);
            case CHOICE -> parseChoice(t);
        };
    }

    /** The canonical text of a value of this type; {@link #parse} reads it back to an equal value. */
    public String format(Object value) {
        return switch (this) {
            case DURATION -> formatDuration((Duration) value);
            case INTEGER -> Long.toString(((Number) value).longValue());
            case DECIMAL -> BigDecimal.valueOf(((Number) value).doubleValue()).stripTrailingZeros().toPlainString();
            case BOOLEAN -> value.toString();
            case CHOICE -> (String) value;
        };
    }

    private static Duration parseDuration(String t) {
        return Durations.parse(t);
    }

    private static Long parseInteger(String t) {
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + t + "' is not a whole number");
        }
    }

    private static Double parseDecimal(String t) {
        try {
            double d = Double.parseDouble(t);
            if (Double.isNaN(d) || Double.isInfinite(d) || t.endsWith("d") || t.endsWith("f")
                    || t.endsWith("D") || t.endsWith("F")) {
                throw new NumberFormatException(t);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + t + "' is not a decimal number");
        }
    }

    // Only the two words: "yes", "1" or "on" would be guesses about what the writer meant.
    private static Boolean parseBoolean(String t) {
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("'" + t + "' is not true or false");
        };
    }

    private static String parseChoice(String t) {
        if (t.isEmpty()) {
            throw new IllegalArgumentException("the value is empty");
        }
        return t.toLowerCase(Locale.ROOT);
    }

    private static String formatDuration(Duration d) {
        if (d.getNano() % 1_000_000 != 0) {
            return d.toString();
        }
        long ms = d.toMillis();
        if (ms != 0 && ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms != 0 && ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms != 0 && ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000L == 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }
}
