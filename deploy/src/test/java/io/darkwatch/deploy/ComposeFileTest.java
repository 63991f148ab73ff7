package io.darkwatch.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkwatch.common.topic.Topic;
import io.darkwatch.common.topic.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docker-compose.yml, parsed and checked against the services' real options, health endpoints and
 * topics, and against the files it builds from and mounts. (No Docker engine runs in CI here, so the
 * stack itself is not started; everything that can be checked without one is.)
 */
class ComposeFileTest {
    private static final Path COMPOSE = Repo.file("docker-compose.yml");
    private static final Pattern COMPOSE_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?-([^}]*))?}");
    private static final Pattern HEALTH_URL = Pattern.compile("http://(?:127\\.0\\.0\\.1|localhost):(\\d+)(/\\S*)");
    private static final String DARKWATCH_IMAGE = "darkwatch:dev";

    private final JsonNode services = Repo.yaml(COMPOSE).path("services");

    @Test
    void shouldGiveEveryServiceAHealthcheck() {
        List<String> missing = new ArrayList<>();
        services.fields().forEachRemaining(s -> {
            JsonNode test = s.getValue().path("healthcheck").path("test");
            if (!test.isArray() || test.size() < 2) {
                missing.add(s.getKey());
            }
        });
        assertTrue(services.size() >= 8, "expected the whole stack, got " + services.size() + " services");
        assertEquals(List.of(), missing, "services without a healthcheck");
    }

    @Test
    void shouldBuildOnlyFromExistingContextsAndDockerfiles() {
        int builds = 0;
        for (var it = services.fields(); it.hasNext(); ) {
            var s = it.next();
            JsonNode build = s.getValue().path("build");
            if (build.isMissingNode()) {
                continue;
            }
            builds++;
            Path context = COMPOSE.getParent().resolve(build.isTextual() ? build.asText() : build.path("context").asText("."))
                    .normalize();
            assertTrue(Files.isDirectory(context), s.getKey() + ": build context " + context + " is missing");
            Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile"));
            assertTrue(Files.isRegularFile(dockerfile), s.getKey() + ": Dockerfile " + dockerfile + " is missing");
            assertEquals(DARKWATCH_IMAGE, s.getValue().path("image").asText(), s.getKey() + " builds the darkwatch image");
        }
        assertTrue(builds >= 4, "the darkwatch services build the image: " + builds);
    }

    @Test
    void shouldMountOnlyFilesThatExistInTheRepository() {
        List<String> problems = new ArrayList<>();
        int mounts = 0;
        for (var it = services.fields(); it.hasNext(); ) {
            var s = it.next();
            for (JsonNode volume : s.getValue().path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith("./") || source.startsWith("../")) {
                    mounts++;
                    if (!Files.exists(COMPOSE.getParent().resolve(source).normalize())) {
                        problems.add(s.getKey() + " mounts " + source + ", which does not exist");
                    }
                }
            }
        }
        assertTrue(mounts >= 5, "sample capture, Prometheus config and rules, Grafana provisioning and dashboards");
        assertEquals(List.of(), problems);
    }

    @Test
    void shouldRunEveryDarkwatchServiceWithOptionsItsCommandAccepts() {
        Map<String, String> commands = new TreeMap<>();
        for (var it = darkwatchServices().entrySet().iterator(); it.hasNext(); ) {
            var s = it.next();
            List<String> command = command(s.getValue());
            String name = command.get(0);
            assertTrue(ServiceCommands.names().contains(name), s.getKey() + " runs '" + name + "', not one of "
                    + ServiceCommands.names());
            try {
                ServiceCommands.parse(name, command.subList(1, command.size()));
            } catch (CommandLine.ParameterException e) {
                fail(s.getKey() + ": " + String.join(" ", command) + " is refused by '" + name + "': " + e.getMessage());
            }
            commands.put(s.getKey(), name);
        }
        assertEquals(Map.of("alerting", "alerting", "capture-live", "capture", "capture-producer", "replay",
                "streams-app", "streams"), commands);
    }

    @Test
    void shouldSetOnlyEnvironmentVariablesTheServicesRead() {
        List<String> problems = new ArrayList<>();
        darkwatchServices().forEach((name, service) -> {
            String command = command(service).get(0);
            environment(service).keySet().forEach(variable ->
                    ServiceCommands.environmentProblem(command, variable).ifPresent(p -> problems.add(name + ": " + p)));
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void shouldCheckHealthOnEachServicesRealMetricsPortAndReadinessPath() {
        darkwatchServices().forEach((name, service) -> {
            List<String> command = command(service);
            int port = ServiceCommands.metricsPort(command.get(0), command.subList(1, command.size()),
                    environment(service));
            String test = String.join(" ", Repo.strings(service.path("healthcheck").path("test")));
            Matcher url = HEALTH_URL.matcher(test);
            assertTrue(url.find(), name + ": the healthcheck asks no local URL: " + test);
            assertEquals(port, Integer.parseInt(url.group(1)), name + ": healthcheck port vs. the service's metrics port");
            assertEquals("/health/ready", url.group(2), name + " checks readiness");
            assertEquals(200, HealthEndpoints.status(url.group(2)), name + ": the ops server serves " + url.group(2));
            assertTrue(test.startsWith("CMD curl -f"), name + ": curl -f fails the check on a 503: " + test);
            if (!service.path("network_mode").asText().equals("host")) {
                assertTrue(publishedContainerPorts(service).contains(port), name + " publishes its metrics port " + port);
            }
        });
    }

    @Test
    void shouldGiveEveryDarkwatchContainerAReadOnlyRootAndAnExecutableTmp() {
        darkwatchServices().forEach((name, service) -> {
            assertTrue(service.path("read_only").asBoolean(), name + " has a read-only root filesystem");
            assertEquals(List.of("ALL"), Repo.strings(service.path("cap_drop")), name);
            // RocksDB and JNA load native libraries they unpack into java.io.tmpdir (/tmp).
            List<String> tmp = Repo.strings(service.path("tmpfs")).stream().filter(t -> t.startsWith("/tmp")).toList();
            assertEquals(1, tmp.size(), name + " has a tmpfs /tmp");
            assertTrue(tmp.get(0).contains("exec") && !tmp.get(0).contains("noexec"), name + ": " + tmp.get(0));
        });
    }

    @Test
    void shouldCheckTheBrokerWithKafkasOwnTooling() {
        String test = String.join(" ", Repo.strings(services.path("kafka").path("healthcheck").path("test")));
        assertTrue(test.contains("/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092"), test);
        assertEquals("apache/kafka:4.4.0", services.path("kafka").path("image").asText());
    }

    @Test
    void shouldCreateEveryTopicTheServicesShare() {
        String script = String.join("\n", Repo.strings(services.path("kafka-init").path("command")));
        Set<String> expected = new TreeSet<>();
        for (Topic<?, ?> t : Topics.ALL) {
            expected.add(t.name());
        }
        Matcher names = Pattern.compile("for t in ([^;]+);").matcher(script);
        assertTrue(names.find(), "kafka-init loops over the topic names: " + script);
        assertEquals(expected, new TreeSet<>(List.of(names.group(1).trim().split("\\s+"))));
        assertTrue(script.contains("retention.ms=-1"), "old capture timestamps must not be deleted at once");
    }

    @Test
    void shouldCaptureLiveWithTheHostNetworkAndOnlyNetRaw() {
        JsonNode live = services.path("capture-live");
        assertEquals("host", live.path("network_mode").asText());
        assertEquals(List.of("NET_RAW"), Repo.strings(live.path("cap_add")));
        assertEquals(List.of("ALL"), Repo.strings(live.path("cap_drop")));
        assertEquals(List.of("live"), Repo.strings(live.path("profiles")));
        assertEquals(List.of("no-new-privileges:true"), Repo.strings(live.path("security_opt")));
    }

    @Test
    void shouldReplayTheCommittedSampleCaptureByDefault() {
        JsonNode producer = services.path("capture-producer");
        assertTrue(producer.path("profiles").isMissingNode(), "the replay runs without a profile");
        List<String> command = command(producer);
        assertEquals("replay", command.get(0));
        String inContainer = command.get(1);
        String mount = Repo.strings(producer.path("volumes")).get(0);
        String[] parts = mount.split(":");
        assertTrue(inContainer.startsWith(parts[1] + "/"), inContainer + " is under the mount " + mount);
        Path sample = COMPOSE.getParent().resolve(parts[0]).resolve(inContainer.substring(parts[1].length() + 1));
        assertTrue(Files.isRegularFile(sample), "the sample capture " + sample + " is committed");
    }

    @Test
    void shouldScrapeEveryLongRunningServiceOnItsMetricsPort() {
        JsonNode prometheus = Repo.yaml(Repo.file("observability/prometheus/prometheus.yml"));
        Map<String, String> targets = new LinkedHashMap<>();
        for (JsonNode job : prometheus.path("scrape_configs")) {
            for (JsonNode sc : job.path("static_configs")) {
                for (JsonNode t : sc.path("targets")) {
                    targets.put(t.asText(), job.path("job_name").asText());
                }
            }
        }
        darkwatchServices().forEach((name, service) -> {
            if (service.path("network_mode").asText().equals("host")) {
                return;  // the live capture shares the host's network: no service name to scrape
            }
            List<String> command = command(service);
            int port = ServiceCommands.metricsPort(command.get(0), command.subList(1, command.size()), environment(service));
            // Long-running services under the prefix the alert rules select on; the one-shot sample replay outside it
            String job = service.path("restart").asText().equals("no") ? "sample-replay" : "darkwatch-" + name;
            assertEquals(job, targets.get(name + ":" + port), "Prometheus scrapes " + name + ":" + port
                    + " as job " + job + "; targets: " + targets);
        });
        assertEquals(List.of("rules/*.yml"), Repo.strings(prometheus.path("rule_files")).stream()
                .map(r -> r.split("#")[0].trim()).toList());
    }

    @Test
    void shouldMountThePrometheusConfigBesideItsRulesAndGrafanasProvisioning() {
        List<String> prometheus = Repo.strings(services.path("prometheus").path("volumes"));
        assertTrue(prometheus.contains("./observability/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro"));
        // rule_files are relative to the config file: rules/*.yml is /etc/prometheus/rules/*.yml
        assertTrue(prometheus.contains("./observability/prometheus/rules:/etc/prometheus/rules:ro"));
        List<String> grafana = Repo.strings(services.path("grafana").path("volumes"));
        assertTrue(grafana.contains("./observability/grafana/provisioning:/etc/grafana/provisioning:ro"));
        assertTrue(grafana.contains("./observability/grafana/dashboards:/etc/grafana/dashboards:ro"));
    }

    @Test
    void shouldLoadDashboardsFromWhereComposeMountsThem() throws IOException {
        // A dashboard provider (written beside this chart's files) must read the folder compose mounts.
        Path providers = Repo.file("observability/grafana/provisioning/dashboards");
        if (!Files.isDirectory(providers)) {
            assertTrue(Files.isDirectory(Repo.file("observability/grafana/dashboards")));
            return;
        }
        try (var files = Files.list(providers)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).toList()) {
                for (JsonNode provider : Repo.yaml(p).path("providers")) {
                    assertEquals("/etc/grafana/dashboards", provider.path("options").path("path").asText(), p.toString());
                }
            }
        }
    }

    @Test
    void shouldPassPromtoolsConfigCheck() throws Exception {
        // Debian's prometheus package brings promtool (installed by .ci/run); it also checks the rule files.
        Process p = new ProcessBuilder("promtool", "check", "config",
                Repo.file("observability/prometheus/prometheus.yml").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    @Test
    void shouldRunTheImageAsANonRootUserFromAMultiStageBuild() throws IOException {
        List<String> lines = Files.readAllLines(Repo.file("docker/Dockerfile")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        long stages = lines.stream().filter(l -> l.startsWith("FROM ")).count();
        assertTrue(stages >= 2, "a build stage and a runtime stage");
        int lastFrom = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("FROM ")) {
                lastFrom = i;
            }
        }
        List<String> runtime = lines.subList(lastFrom, lines.size());
        assertFalse(runtime.get(0).contains("maven"), "the runtime stage has no Maven: " + runtime.get(0));
        String user = runtime.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("the runtime stage sets no USER")).substring(5).trim();
        assertFalse(user.equals("0") || user.equals("root") || user.startsWith("0:"), "USER " + user);
        assertTrue(user.matches("\\d+(:\\d+)?"), "a numeric USER, so runAsNonRoot can verify it: " + user);
        // What the runtime stage copies is what the cli module builds.
        String cliPom = Files.readString(Repo.file("cli/pom.xml"));
        assertTrue(cliPom.contains("<finalName>darkwatch-cli</finalName>"));
        assertTrue(runtime.stream().anyMatch(l -> l.startsWith("COPY --from=build /src/cli/target/darkwatch-cli.jar")));
        assertTrue(runtime.stream().anyMatch(l -> l.startsWith("COPY --from=build /src/cli/target/lib")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ENTRYPOINT") && l.contains("io.darkwatch.cli.Main")));
    }

    /** Services running the darkwatch image, by name. */
    private Map<String, JsonNode> darkwatchServices() {
        Map<String, JsonNode> out = new TreeMap<>();
        services.fields().forEachRemaining(s -> {
            if (DARKWATCH_IMAGE.equals(s.getValue().path("image").asText())) {
                out.put(s.getKey(), s.getValue());
            }
        });
        return out;
    }

    /** The command with compose's ${VAR:-default} interpolated to the default. */
    private static List<String> command(JsonNode service) {
        return Repo.strings(service.path("command")).stream().map(ComposeFileTest::interpolate).toList();
    }

    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new TreeMap<>();
        service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), interpolate(e.getValue().asText())));
        return env;
    }

    private static Set<Integer> publishedContainerPorts(JsonNode service) {
        Set<Integer> ports = new TreeSet<>();
        for (String p : Repo.strings(service.path("ports"))) {
            String[] parts = p.split(":");
            ports.add(Integer.parseInt(parts[parts.length - 1].split("/")[0]));
        }
        return ports;
    }

    private static String interpolate(String s) {
        Matcher m = COMPOSE_VARIABLE.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
        }
        m.appendTail(out);
        return out.toString().replace("$$", "$");
    }
}
