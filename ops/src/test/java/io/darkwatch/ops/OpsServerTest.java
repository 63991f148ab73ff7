package io.darkwatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OpsServerTest {

    /** One sample line of the text exposition format: name, optional {labels}, value. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\s+(\\S+)$");
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(OpsServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeTheRegistryInThePrometheusTextFormat() throws Exception {
        try (OpsServer server = new OpsServer("127.0.0.1", 0)) {
            server.registry().counter("darkwatch.packets.decoded").increment(3);
            server.registry().counter("darkwatch.packets.undecodable", "reason", "not_ip").increment(2);

            HttpResponse<String> response = get(server, "/metrics");

            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            Map<String, Double> samples = parse(response.body());
            assertEquals(3.0, samples.get("darkwatch_packets_decoded_total"));
            assertEquals(2.0, samples.get("darkwatch_packets_undecodable_total{reason=\"not_ip\"}"));
        }
    }

    @Test
    void shouldServeTheJvmAndProcessMetricsBesideDarkwatchsOwn() throws Exception {
        try (OpsServer server = new OpsServer("127.0.0.1", 0)) {
            Map<String, Double> samples = parse(get(server, "/metrics").body());

            assertTrue(samples.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes{")), "heap and non-heap");
            assertTrue(samples.keySet().stream().anyMatch(k -> k.startsWith("jvm_threads_live_threads")));
            assertTrue(samples.get("process_uptime_seconds") > 0);
        }
    }

    @Test
    void shouldNotBeReadyBeforeAnyCheckIsRegistered() throws Exception {
        try (OpsServer server = new OpsServer("127.0.0.1", 0)) {
            HttpResponse<String> starting = get(server, "/health/ready");
            assertEquals(503, starting.statusCode());
            assertTrue(starting.body().contains("starting"), starting.body());
            assertEquals(200, get(server, "/health/live").statusCode());
        }
    }

    @Test
    void shouldBeReadyOnlyWhenEveryCheckPassesAndSayWhichFails() throws Exception {
        AtomicBoolean running = new AtomicBoolean(false);
        try (OpsServer server = new OpsServer("127.0.0.1", 0)
                .readiness("kafka", () -> Readiness.ready("connected"))
                .readiness("streams", () -> running.get() ? Readiness.ready("RUNNING")
                        : Readiness.notReady("REBALANCING"))) {

            assertEquals(200, get(server, "/health/live").statusCode(), "alive even when not ready");
            HttpResponse<String> notReady = get(server, "/health/ready");
            assertEquals(503, notReady.statusCode());
            assertTrue(notReady.body().contains("streams: not ready (REBALANCING)"), notReady.body());

            running.set(true);
            assertEquals(200, get(server, "/health/ready").statusCode());
        }
    }

    private static Map<String, Double> parse(String body) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : body.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.trim());
            assertTrue(m.matches(), "not a sample line: " + line);
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return samples;
    }
}
