package io.darkwatch.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The provisioned Grafana dashboards, read as JSON, and every PromQL expression in them. */
final class Dashboards {
    static final Path DIR = Path.of("grafana", "dashboards");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.+),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\)$");

    /** One expression, and where it is written. */
    record Expression(String where, String expr) {
    }

    private Dashboards() {
    }

    static List<Path> files() {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dashboard " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every panel's target expressions (rows' nested panels included). */
    static List<Expression> panelTargets() {
        List<Expression> out = new ArrayList<>();
        for (Path f : files()) {
            JsonNode d = read(f);
            for (JsonNode panel : panels(d)) {
                for (JsonNode t : panel.path("targets")) {
                    out.add(new Expression(f.getFileName() + " / " + panel.path("title").asText() + " / "
                            + t.path("refId").asText(), t.path("expr").asText()));
                }
            }
        }
        return out;
    }

    /** Every annotation query on the Prometheus data source. */
    static List<Expression> annotations() {
        List<Expression> out = new ArrayList<>();
        for (Path f : files()) {
            for (JsonNode a : read(f).path("annotations").path("list")) {
                if (a.has("expr")) {
                    out.add(new Expression(f.getFileName() + " / annotation " + a.path("name").asText(),
                            a.path("expr").asText()));
                }
            }
        }
        return out;
    }

    /**
     * Every template variable's query, as the PromQL Grafana runs for it: {@code label_values(m, l)} is
     * {@code count by (l) (m)}, which has a series for each value the variable offers.
     */
    static List<Expression> variableQueries() {
        List<Expression> out = new ArrayList<>();
        for (Path f : files()) {
            for (JsonNode v : read(f).path("templating").path("list")) {
                if (!v.path("type").asText().equals("query")) {
                    continue;
                }
                String q = v.path("query").isObject() ? v.path("query").path("query").asText() : v.path("query").asText();
                Matcher m = LABEL_VALUES.matcher(q.strip());
                if (!m.matches()) {
                    throw new IllegalStateException(f + " variable " + v.path("name").asText()
                            + ": only label_values(metric, label) queries are checked, not " + q);
                }
                out.add(new Expression(f.getFileName() + " / variable " + v.path("name").asText(),
                        "count by (" + m.group(2) + ") (" + m.group(1) + ")"));
            }
        }
        return out;
    }

    /** Every panel, rows included. */
    static List<JsonNode> allPanels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            out.add(p);
            p.path("panels").forEach(out::add);
        }
        return out;
    }

    /** Every panel that shows data (rows left out, their nested panels included). */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            if (p.path("type").asText().equals("row")) {
                p.path("panels").forEach(out::add);
            } else {
                out.add(p);
            }
        }
        return out;
    }
}
