package io.darkwatch.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.jni.NativeLibrary;
import io.darkwatch.common.kafka.KafkaClientProperties;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * helm/darkwatch, linted and rendered by helm itself (helm-java: helm's Go code as a native library,
 * from the platform jar on the test classpath, nothing downloaded at run time), and the rendered
 * manifests checked against the services' real options, ports and health paths.
 */
class HelmChartTest {
    private static final Path CHART = Repo.file("helm/darkwatch");
    private static final String RELEASE = "dw";
    // helm template assumes Kubernetes 1.20 unless told; the chart needs 1.25 (policy/v1, seccompProfile).
    private static final String KUBE_VERSION = "1.31.0";
    private static Manifests defaults;
    private static Manifests secured;

    @BeforeAll
    static void render() throws URISyntaxException {
        defaults = new Manifests(new Helm(CHART).template().withName(RELEASE).withKubeVersion(KUBE_VERSION).withNamespace("darkwatch").call());
        Path values = Path.of(HelmChartTest.class.getResource("/secured-values.yaml").toURI());
        secured = new Manifests(new Helm(CHART).template().withName(RELEASE).withKubeVersion(KUBE_VERSION).withNamespace("darkwatch")
                .withValuesFile(values).call());
    }

    @Test
    void shouldRunHelmFromTheNativeLibraryOnTheClasspath() {
        // helm-java falls back to downloading a platform jar when none is on the classpath; this
        // build must not depend on that, so the platform jar (linux-amd64 here) must be found.
        List<String> found = ServiceLoader.load(NativeLibrary.class).stream().map(p -> p.type().getName()).toList();
        assertFalse(found.isEmpty(), "no helm-java platform jar on the test classpath");
    }

    @Test
    void shouldPassHelmLintStrictly() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
    }

    @Test
    void shouldRenderTheThreeServicesAndTheirDisruptionBudgetsByDefault() {
        assertEquals(List.of("capture-producer", "streams-app", "alerting"),
                List.of(defaults.component("DaemonSet", "capture-producer").path("metadata").path("labels")
                        .path("app.kubernetes.io/component").asText(),
                        defaults.component("StatefulSet", "streams-app").path("metadata").path("labels")
                                .path("app.kubernetes.io/component").asText(),
                        defaults.component("Deployment", "alerting").path("metadata").path("labels")
                                .path("app.kubernetes.io/component").asText()));
        assertTrue(defaults.ofKind("ServiceMonitor").isEmpty(), "no ServiceMonitor unless enabled");
        for (String component : List.of("streams-app", "alerting")) {
            JsonNode pdb = defaults.component("PodDisruptionBudget", component);
            JsonNode workload = component.equals("alerting") ? defaults.component("Deployment", component)
                    : defaults.component("StatefulSet", component);
            assertEquals(workload.path("spec").path("selector"), pdb.path("spec").path("selector"),
                    component + ": the budget selects the workload's pods");
            assertEquals(1, pdb.path("spec").path("maxUnavailable").asInt());
        }
    }

    @Test
    void shouldPassEveryContainerOnlyArgumentsItsCommandAccepts() {
        for (Manifests m : List.of(defaults, secured)) {
            for (JsonNode container : m.containers()) {
                List<String> args = Repo.strings(container.path("args"));
                String command = args.get(0);
                try {
                    ServiceCommands.parse(command, args.subList(1, args.size()));
                } catch (CommandLine.ParameterException e) {
                    fail(container.path("name").asText() + ": " + args + " refused by '" + command + "': " + e.getMessage());
                }
                for (JsonNode env : container.path("env")) {
                    ServiceCommands.environmentProblem(command, env.path("name").asText())
                            .filter(p -> !env.path("name").asText().equals("NODE_NAME"))
                            .ifPresent(p -> fail(container.path("name").asText() + ": " + p));
                }
            }
        }
    }

    @Test
    void shouldProbeTheRealHealthPathsOnEachServicesMetricsPort() {
        for (Manifests m : List.of(defaults, secured)) {
            for (JsonNode container : m.containers()) {
                List<String> args = Repo.strings(container.path("args"));
                int metricsPort = ServiceCommands.metricsPort(args.get(0), args.subList(1, args.size()), Map.of());
                for (String probe : List.of("livenessProbe", "readinessProbe")) {
                    JsonNode get = container.path(probe).path("httpGet");
                    assertEquals(metricsPort, containerPort(container, get.path("port").asText()),
                            container.path("name") + " " + probe + " port");
                    String path = get.path("path").asText();
                    assertEquals(probe.equals("livenessProbe") ? "/health/live" : "/health/ready", path);
                    assertEquals(200, HealthEndpoints.status(path), "the ops server serves " + path);
                }
            }
        }
    }

    @Test
    void shouldRunServicesAsNonRootWithAReadOnlyRootAndNoCapabilities() {
        for (String component : List.of("streams-app", "alerting")) {
            JsonNode pod = defaults.podSpec(component);
            JsonNode container = pod.path("containers").get(0);
            JsonNode sc = container.path("securityContext");
            assertTrue(sc.path("runAsNonRoot").asBoolean(), component);
            assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), component);
            assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(), component);
            assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true), component);
            assertEquals(List.of("ALL"), Repo.strings(sc.path("capabilities").path("drop")), component);
            assertTrue(sc.path("capabilities").path("add").isMissingNode(), component + " adds no capability");
            assertEquals("/tmp", mountOf(container, volumeOf(pod, "emptyDir")), component + ": a writable /tmp");
        }
    }

    @Test
    void shouldCaptureOnTheHostNetworkWithOnlyNetRawAdded() {
        for (Manifests m : List.of(defaults, secured)) {
            JsonNode pod = m.podSpec("capture-producer");
            assertTrue(pod.path("hostNetwork").asBoolean());
            assertEquals("ClusterFirstWithHostNet", pod.path("dnsPolicy").asText());
            JsonNode sc = pod.path("containers").get(0).path("securityContext");
            assertEquals(List.of("ALL"), Repo.strings(sc.path("capabilities").path("drop")));
            assertEquals(List.of("NET_RAW"), Repo.strings(sc.path("capabilities").path("add")));
            assertTrue(sc.path("readOnlyRootFilesystem").asBoolean());
            assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true));
        }
        assertEquals(1, secured.component("Deployment", "capture-producer").path("spec").path("replicas").asInt());
    }

    @Test
    void shouldKeepStreamsStateOnAPersistentVolumeWithStandbyReplicas() {
        JsonNode set = secured.component("StatefulSet", "streams-app");
        JsonNode claim = set.path("spec").path("volumeClaimTemplates").get(0);
        assertNotNull(claim);
        assertEquals("10Gi", claim.path("spec").path("resources").path("requests").path("storage").asText());
        JsonNode container = set.path("spec").path("template").path("spec").path("containers").get(0);
        List<String> args = Repo.strings(container.path("args"));
        String stateDir = args.stream().filter(a -> a.startsWith("--state-dir=")).findFirst().orElseThrow()
                .substring("--state-dir=".length());
        assertEquals(stateDir, mountOf(container, claim.path("metadata").path("name").asText()),
                "the claim is mounted where --state-dir points");
        assertTrue(args.contains("--kafka-property=num.standby.replicas=2"), args.toString());
        assertTrue(args.contains("--set=baseline.min-windows=288"), args.toString());
        assertEquals(3, set.path("spec").path("replicas").asInt());
        assertEquals(10001, set.path("spec").path("template").path("spec").path("securityContext").path("fsGroup").asInt(),
                "the volume is writable for the non-root user");
        JsonNode resources = container.path("resources");
        assertTrue(resources.path("requests").has("memory") && resources.path("limits").has("memory"));
    }

    @Test
    void shouldTakeTheSlackWebhookFromTheExistingSecretAsAFile() {
        JsonNode pod = secured.podSpec("alerting");
        JsonNode container = pod.path("containers").get(0);
        String file = env(container).get("SLACK_WEBHOOK_URL_FILE");
        assertNotNull(file, "alerting reads the webhook from a file");
        JsonNode volume = secretVolume(pod, "darkwatch-slack");
        assertEquals("webhook-url", volume.path("secret").path("items").get(0).path("key").asText());
        String mount = mountOf(container, volume.path("name").asText());
        assertEquals(mount + "/webhook-url", file);
        assertFalse(env(container).containsKey("SLACK_WEBHOOK_URL"), "the URL itself is never in the pod spec");
        assertFalse(defaults.podSpec("alerting").path("volumes").toString().contains("slack"),
                "no Slack secret unless one is named");
    }

    @Test
    void shouldHandEveryServiceTheKafkaSecurityFromSecretsThroughTheClientProperties(@TempDir Path root)
            throws IOException {
        String clientProperties = secured.ofKind("ConfigMap").get(0).path("data").path("client.properties").asText();
        for (JsonNode pod : List.of(secured.podSpec("capture-producer"), secured.podSpec("streams-app"),
                secured.podSpec("alerting"))) {
            JsonNode container = pod.path("containers").get(0);
            String name = container.path("name").asText();
            // Given the files and variables Kubernetes would give this container, under a temp root
            Map<String, String> environment = new HashMap<>();
            for (JsonNode e : container.path("env")) {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                String value = ref.isMissingNode() ? e.path("value").asText()
                        : "secret:" + ref.path("name").asText() + "/" + ref.path("key").asText();
                environment.put(e.path("name").asText(), value);
            }
            String configFile = environment.get(KafkaClientProperties.CONFIG_FILE_ENV);
            assertEquals(configFile, mountOf(container, "kafka-client-config"), name + " mounts the client properties");
            Path file = Files.writeString(Files.createDirectories(root.resolve(name)).resolve("client.properties"),
                    clientProperties);

            // When darkwatch loads its Kafka client properties from them
            Map<String, String> props = KafkaClientProperties.load(file, environment).asMap();

            // Then TLS and SCRAM are configured, every secret comes from a Secret, and stores from mounts
            assertEquals("SASL_SSL", props.get("security.protocol"), name);
            assertEquals("SCRAM-SHA-512", props.get("sasl.mechanism"), name);
            assertEquals("secret:darkwatch-user/sasl.jaas.config", props.get("sasl.jaas.config"), name);
            assertEquals("secret:telescope-cluster-ca-cert/ca.password", props.get("ssl.truststore.password"), name);
            assertEquals("secret:darkwatch-user/user.password", props.get("ssl.keystore.password"), name);
            String truststore = props.get("ssl.truststore.location");
            JsonNode trustVolume = secretVolume(pod, "telescope-cluster-ca-cert");
            assertEquals(mountOf(container, trustVolume.path("name").asText()) + "/ca.p12", truststore, name);
            String keystore = props.get("ssl.keystore.location");
            assertEquals(mountOf(container, secretVolume(pod, "darkwatch-user").path("name").asText()) + "/user.p12",
                    keystore, name);
            for (String key : props.keySet()) {
                assertTrue(ServiceCommands.kafkaConfigNames().contains(key), key + " is a Kafka client config");
            }
        }
    }

    @Test
    void shouldScrapeEveryServiceThroughTheServiceMonitorWhenEnabled() {
        List<JsonNode> monitors = secured.ofKind("ServiceMonitor");
        assertEquals(1, monitors.size());
        JsonNode monitor = monitors.get(0);
        assertEquals("kube-prometheus-stack", monitor.path("metadata").path("labels").path("release").asText());
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        assertEquals("/metrics", endpoint.path("path").asText());
        assertEquals(200, HealthEndpoints.status("/metrics"), "the ops server serves /metrics");
        Map<String, String> selector = new TreeMap<>();
        monitor.path("spec").path("selector").path("matchLabels").fields()
                .forEachRemaining(e -> selector.put(e.getKey(), e.getValue().asText()));
        List<String> selected = new ArrayList<>();
        for (JsonNode service : secured.ofKind("Service")) {
            Map<String, String> labels = new TreeMap<>();
            service.path("metadata").path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            if (labels.entrySet().containsAll(selector.entrySet())) {
                selected.add(labels.get("app.kubernetes.io/component"));
                boolean named = false;
                for (JsonNode port : service.path("spec").path("ports")) {
                    named |= port.path("name").asText().equals(endpoint.path("port").asText());
                }
                assertTrue(named, service.path("metadata").path("name") + " has the port the monitor scrapes");
            }
        }
        assertEquals(List.of("alerting", "capture-producer", "streams-app"), selected.stream().sorted().toList());
    }

    @Test
    void shouldRefuseAnUnknownCaptureKind() {
        Exception e = assertThrows(IllegalStateException.class, () -> new Helm(CHART).template().withName(RELEASE).withKubeVersion(KUBE_VERSION)
                .set("capture.kind", "StatefulSet").call());
        assertTrue(e.getMessage().contains("capture.kind must be DaemonSet or Deployment"), e.getMessage());
    }

    // --- helpers over the rendered manifests ---

    private static int containerPort(JsonNode container, String port) {
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(port) || p.path("containerPort").asText().equals(port)) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError(container.path("name") + " has no port " + port);
    }

    private static String mountOf(JsonNode container, String volume) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("name").asText().equals(volume)) {
                return m.path("mountPath").asText();
            }
        }
        throw new AssertionError(container.path("name") + " does not mount " + volume);
    }

    /** The name of the pod's first volume of this type (emptyDir, secret, configMap). */
    private static String volumeOf(JsonNode pod, String type) {
        for (JsonNode v : pod.path("volumes")) {
            if (v.has(type)) {
                return v.path("name").asText();
            }
        }
        throw new AssertionError("no " + type + " volume");
    }

    private static JsonNode secretVolume(JsonNode pod, String secretName) {
        for (JsonNode v : pod.path("volumes")) {
            if (v.path("secret").path("secretName").asText().equals(secretName)) {
                return v;
            }
        }
        throw new AssertionError("no volume from Secret " + secretName + " in " + pod.path("volumes"));
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new TreeMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText(null)));
        return env;
    }

    /** helm template's output, parsed. */
    private record Manifests(List<JsonNode> documents) {
        Manifests(String yaml) {
            this(Repo.documents(yaml));
        }

        List<JsonNode> ofKind(String kind) {
            return documents.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        }

        JsonNode component(String kind, String component) {
            return ofKind(kind).stream()
                    .filter(d -> d.path("metadata").path("labels").path("app.kubernetes.io/component").asText()
                            .equals(component))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " for " + component));
        }

        JsonNode podSpec(String component) {
            for (String kind : List.of("StatefulSet", "Deployment", "DaemonSet")) {
                for (JsonNode d : ofKind(kind)) {
                    if (d.path("metadata").path("labels").path("app.kubernetes.io/component").asText().equals(component)) {
                        return d.path("spec").path("template").path("spec");
                    }
                }
            }
            throw new AssertionError("no workload for " + component);
        }

        List<JsonNode> containers() {
            List<JsonNode> out = new ArrayList<>();
            for (String kind : List.of("StatefulSet", "Deployment", "DaemonSet")) {
                ofKind(kind).forEach(d -> d.path("spec").path("template").path("spec").path("containers").forEach(out::add));
            }
            assertEquals(3, out.size(), "one container per service");
            return out;
        }
    }
}
