package io.darkwatch.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Typed reads of one JSON object's fields that report a problem (and return null) instead of
 * throwing, so the reader can go on and find the next problem too.
 */
final class JsonFields {
    private final JsonNode node;
    private final Problems problems;

    JsonFields(JsonNode node, Problems problems) {
        this.node = node;
        this.problems = problems;
    }

    /** Reports fields not in {@code known}; names starting with '_' are comments and allowed. */
    void rejectUnknown(Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name) && !name.startsWith("_")) {
                problems.add("unknown field '" + name + "' (known: " + String.join(", ", known.stream().sorted()
                        .toList()) + "; prefix a comment field with '_')");
            }
        }
    }

    boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    JsonNode node(String name) {
        return node.get(name);
    }

    String text(String name, boolean required) {
        JsonNode v = present(name, required);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            problems.at(name).add("expected a string, got " + v);
            return null;
        }
        return v.asText();
    }

    Double number(String name, boolean required) {
        JsonNode v = present(name, required);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            problems.at(name).add("expected a number, got " + v);
            return null;
        }
        return v.asDouble();
    }

    Long integer(String name, boolean required) {
        JsonNode v = present(name, required);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            problems.at(name).add("expected a whole number, got " + v);
            return null;
        }
        return v.asLong();
    }

    Integer smallInteger(String name, boolean required) {
        Long v = integer(name, required);
        if (v == null) {
            return null;
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            problems.at(name).add("out of range: " + v);
            return null;
        }
        return v.intValue();
    }

    Instant instant(String name, boolean required) {
        String text = text(name, required);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            problems.at(name).add("'" + text + "' is not an ISO-8601 UTC instant such as 2022-02-24T00:00:00Z");
            return null;
        }
    }

    Duration duration(String name, boolean required) {
        String text = text(name, required);
        if (text == null) {
            return null;
        }
        return parseDuration(text, problems.at(name));
    }

    /** An ISO instant, or an ISO duration counted from {@code base} ("PT14H" = 14 hours after the capture starts). */
    Instant instantOrOffset(String name, Instant base) {
        String text = text(name, true);
        if (text == null) {
            return null;
        }
        if (text.startsWith("P") || text.startsWith("p")) {
            Duration offset = parseDuration(text, problems.at(name));
            if (offset == null || base == null) {
                return null;
            }
            return base.plus(offset);
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            problems.at(name).add("'" + text + "' is neither an ISO-8601 UTC instant (2022-02-24T06:00:00Z) nor an "
                    + "offset from the capture start (PT6H)");
            return null;
        }
    }

    List<Integer> ports(String name, boolean required) {
        JsonNode v = present(name, required);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            problems.at(name).add("expected an array of port numbers, got " + v);
            return null;
        }
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode p = v.get(i);
            if (!p.isIntegralNumber() || !p.canConvertToInt()) {
                problems.at(name).at("[" + i + "]").add("expected a port number, got " + p);
                ports.add(null);
            } else {
                ports.add(p.asInt());
            }
        }
        return ports;
    }

    private JsonNode present(String name, boolean required) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                problems.at(name).add("is required");
            }
            return null;
        }
        return v;
    }

    private static Duration parseDuration(String text, Problems at) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            at.add("'" + text + "' is not an ISO-8601 duration such as PT36H or PT10M");
            return null;
        }
    }
}
