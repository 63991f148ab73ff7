package io.darkwatch.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's {@code prometheus} package) on loopback, scraping one target every
 * second and evaluating the given rule file every second, with its TSDB in a temporary directory.
 */
final class PrometheusServer implements AutoCloseable {
    static final String JOB = "darkwatch-local";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** The installed binary, or an error that says how to install it. */
    static Path binary(String name) {
        for (String dir : List.of("/usr/bin", "/usr/local/bin", "/bin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException(name + " is not installed: `apt-get install prometheus` (Debian's package"
                + " brings /usr/bin/prometheus and /usr/bin/promtool; .ci/run installs it). The observability tests"
                + " run a real Prometheus and cannot be run without it.");
    }

    static PrometheusServer start(Path dir, String target, Path rules) throws IOException, InterruptedException {
        Path binary = binary("prometheus");
        int port = freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: %s
                    static_configs:
                      - targets: ['%s']
                """.formatted(rules.toAbsolutePath(), JOB, target));
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--web.console.templates=" + dir, "--web.console.libraries=" + dir)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(p, log, port);
        server.awaitReady(Duration.ofSeconds(30));
        return server;
    }

    private void awaitReady(Duration timeout) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("prometheus not ready within " + timeout + ":\n" + logTail());
    }

    /** {@code /api/v1/query} at the current time; the {@code data.result} array. */
    JsonNode query(String expr) {
        JsonNode body = get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        return body.path("data").path("result");
    }

    /** The {@code data} of {@code /api/v1/<path>} (e.g. {@code rules}, {@code targets}). */
    JsonNode api(String path) {
        return get("/api/v1/" + path).path("data");
    }

    private JsonNode get(String pathAndQuery) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(r.body());
            if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
                throw new IllegalStateException("prometheus answered " + r.statusCode() + " to " + pathAndQuery + ": "
                        + body.path("errorType").asText() + " " + body.path("error").asText());
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the target has been scraped healthily {@code scrapes} times after {@code since}. */
    void awaitScrapes(Instant since, int scrapes, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Instant wanted = since.plusSeconds(scrapes);
        List<String> seen = new ArrayList<>();
        while (Instant.now().isBefore(deadline)) {
            seen.clear();
            boolean done = false;
            for (JsonNode t : api("targets").path("activeTargets")) {
                String last = t.path("lastScrape").asText();
                seen.add(t.path("scrapeUrl").asText() + " " + t.path("health").asText() + " " + last + " "
                        + t.path("lastError").asText());
                done |= "up".equals(t.path("health").asText()) && !last.isEmpty()
                        && Instant.parse(last).isAfter(wanted);
            }
            if (done) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no healthy scrape after " + wanted + ": " + seen + "\n" + logTail());
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
