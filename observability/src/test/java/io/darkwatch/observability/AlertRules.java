package io.darkwatch.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Prometheus rule file for the pipeline, read as YAML. */
final class AlertRules {
    static final Path FILE = Path.of("prometheus", "rules", "darkwatch-pipeline.rules.yml");

    /** One rule: an alert (with its name) or a recording rule (with the series it records). */
    record Rule(String name, boolean alert, String expr) {
    }

    private AlertRules() {
    }

    static List<Rule> all() {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE + ": " + e.getMessage(), e);
        }
        List<Rule> rules = new ArrayList<>();
        for (JsonNode group : root.path("groups")) {
            for (JsonNode r : group.path("rules")) {
                boolean alert = r.has("alert");
                rules.add(new Rule(alert ? r.path("alert").asText() : r.path("record").asText(), alert,
                        r.path("expr").asText()));
            }
        }
        return rules;
    }
}
