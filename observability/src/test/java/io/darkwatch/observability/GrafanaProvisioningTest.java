package io.darkwatch.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Grafana provisioning as Grafana reads it: one Prometheus data source with the fixed uid every
 * dashboard refers to, a file provider, and dashboards whose panels, variables and annotations all
 * use that data source. (What the queries return is PrometheusQueriesIT's business.)
 */
class GrafanaProvisioningTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path PROVISIONING = Path.of("grafana", "provisioning");

    private static String datasourceUid() throws IOException {
        JsonNode ds = YAML.readTree(PROVISIONING.resolve("datasources/darkwatch-prometheus.yml").toFile());
        assertEquals(1, ds.path("apiVersion").asInt());
        assertEquals(1, ds.path("datasources").size());
        JsonNode prometheus = ds.path("datasources").get(0);
        assertEquals("prometheus", prometheus.path("type").asText());
        assertTrue(prometheus.path("url").asText().startsWith("http"), prometheus.toString());
        return prometheus.path("uid").asText();
    }

    @Test
    void shouldPointEveryPanelVariableAndAnnotationAtTheProvisionedDataSource() throws IOException {
        // Given
        String uid = datasourceUid();
        List<String> wrong = new ArrayList<>();

        // When every data source reference of every dashboard is read
        for (Path f : Dashboards.files()) {
            JsonNode d = Dashboards.read(f);
            for (JsonNode p : Dashboards.panels(d)) {
                check(wrong, f + " panel " + p.path("title").asText(), p.path("datasource"), uid);
                for (JsonNode t : p.path("targets")) {
                    check(wrong, f + " panel " + p.path("title").asText() + " " + t.path("refId").asText(),
                            t.path("datasource"), uid);
                }
            }
            for (JsonNode v : d.path("templating").path("list")) {
                check(wrong, f + " variable " + v.path("name").asText(), v.path("datasource"), uid);
            }
            for (JsonNode a : d.path("annotations").path("list")) {
                if (a.has("expr")) {
                    check(wrong, f + " annotation " + a.path("name").asText(), a.path("datasource"), uid);
                }
            }
        }

        // Then
        assertEquals(List.of(), wrong);
    }

    private static void check(List<String> wrong, String where, JsonNode datasource, String uid) {
        if (!"prometheus".equals(datasource.path("type").asText()) || !uid.equals(datasource.path("uid").asText())) {
            wrong.add(where + ": " + datasource);
        }
    }

    @Test
    void shouldProvisionTheFourDashboardsWithCountryAndSensorVariablesAndAnomalyAnnotations() {
        Set<String> uids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (Path f : Dashboards.files()) {
            JsonNode d = Dashboards.read(f);
            assertTrue(uids.add(d.path("uid").asText()), "unique uid in " + f);
            titles.add(d.path("title").asText());
            Set<String> variables = new HashSet<>();
            d.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
            assertEquals(Set.of("country", "sensor"), variables, f.toString());
            boolean anomalies = false;
            for (JsonNode a : d.path("annotations").path("list")) {
                anomalies |= a.path("expr").asText().contains("darkwatch_anomalies_open") && a.path("enable").asBoolean();
            }
            assertTrue(anomalies, "open anomalies are annotated on " + f);
        }
        assertEquals(Set.of("darkwatch — Overview", "darkwatch — Backscatter", "darkwatch — Outages",
                "darkwatch — Pipeline health"), titles);
    }

    @Test
    void shouldLayEveryPanelOutOnTheGridWithADescriptionAndItsQueries() {
        List<String> problems = new ArrayList<>();
        for (Path f : Dashboards.files()) {
            Set<Integer> ids = new HashSet<>();
            for (JsonNode p : Dashboards.allPanels(Dashboards.read(f))) {
                String where = f.getFileName() + " " + p.path("title").asText();
                if (!ids.add(p.path("id").asInt())) {
                    problems.add(where + ": duplicate id " + p.path("id").asInt());
                }
                JsonNode g = p.path("gridPos");
                int x = g.path("x").asInt(-1);
                int w = g.path("w").asInt(-1);
                if (x < 0 || w < 1 || x + w > 24 || g.path("h").asInt() < 1 || g.path("y").asInt(-1) < 0) {
                    problems.add(where + ": gridPos " + g);
                }
                if (!p.path("type").asText().equals("row")) {
                    if (p.path("description").asText().isBlank()) {
                        problems.add(where + ": no description");
                    }
                    if (p.path("targets").isEmpty()) {
                        problems.add(where + ": no query");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void shouldLoadDashboardsFromFilesAndKeepThemUnderVersionControl() throws IOException {
        JsonNode providers = YAML.readTree(PROVISIONING.resolve("dashboards/darkwatch.yml").toFile());
        assertEquals(1, providers.path("providers").size());
        JsonNode p = providers.path("providers").get(0);
        assertEquals("file", p.path("type").asText());
        assertTrue(p.path("options").path("path").asText().startsWith("/"), "an absolute path in the container");
        assertFalse(p.path("allowUiUpdates").asBoolean(), "edits belong in the JSON in the repository");
    }

    @Test
    void shouldSayHowToInstallPrometheusWhenItIsMissing() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PrometheusServer.binary("prometheus-that-is-not-installed"));
        assertTrue(e.getMessage().contains("apt-get install prometheus"), e.getMessage());
    }
}
