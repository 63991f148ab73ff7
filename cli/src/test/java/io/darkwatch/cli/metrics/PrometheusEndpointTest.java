package io.darkwatch.cli.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PrometheusEndpointTest {

    /** One sample line of the text exposition format: name, optional {labels}, value. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\s+(\\S+)$");

    @Test
    void shouldServeTheRegistryInThePrometheusTextFormat() throws Exception {
        try (PrometheusEndpoint endpoint = new PrometheusEndpoint("127.0.0.1", 0)) {
            endpoint.registry().counter("darkwatch.packets.decoded").increment(3);
            endpoint.registry().counter("darkwatch.packets.undecodable", "reason", "not_ip").increment(2);

            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(endpoint.url())).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            Map<String, Double> samples = parse(response.body());
            assertEquals(3.0, samples.get("darkwatch_packets_decoded_total"));
            assertEquals(2.0, samples.get("darkwatch_packets_undecodable_total{reason=\"not_ip\"}"));
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
