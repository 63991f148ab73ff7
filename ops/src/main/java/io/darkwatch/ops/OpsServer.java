package io.darkwatch.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * What every darkwatch service serves for its operators, on the JDK's built-in HTTP server (a
 * scrape endpoint and two probes need nothing more):
 *
 * <ul>
 *   <li>{@code /metrics}: the {@link PrometheusMeterRegistry} in the Prometheus text format
 *       (Micrometer's registry is built on Prometheus client_java 1.x);
 *   <li>{@code /health/live}: 200 while the process serves at all (a liveness probe restarts it
 *       otherwise);
 *   <li>{@code /health/ready}: 200 when every registered readiness check passes, 503 with the
 *       failing checks named otherwise (e.g. "streams: REBALANCING"), and 503 while no check is
 *       registered yet (the service is starting).
 * </ul>
 *
 * The registry also gets the JVM's and the process's own meters ({@code jvm_memory_*}, {@code jvm_gc_*},
 * {@code jvm_threads_*}, {@code jvm_classes_*}, {@code process_cpu_usage}, {@code process_uptime_seconds},
 * …), which the Pipeline health dashboard shows per service. Port 0 picks a free port.
 */
public final class OpsServer implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final HttpServer server;
    private final Map<String, Supplier<Readiness>> checks = new LinkedHashMap<>();
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    public OpsServer(String host, int port) {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), host, port);
    }

    public OpsServer(PrometheusMeterRegistry registry, String host, int port) {
        this.registry = registry;
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics and health on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
        server.createContext("/metrics", exchange -> respond(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext("/health/live", exchange -> respond(exchange, 200, "text/plain", "live\n"));
        server.createContext("/health/ready", this::ready);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ops-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** Adds a readiness check, e.g. {@code "streams", () -> state is RUNNING}. */
    public synchronized OpsServer readiness(String name, Supplier<Readiness> check) {
        checks.put(name, check);
        return this;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The scrape URL, e.g. {@code http://127.0.0.1:9464/metrics}. */
    public String metricsUrl() {
        InetSocketAddress a = server.getAddress();
        return "http://" + a.getHostString() + ":" + a.getPort() + "/metrics";
    }

    private void ready(HttpExchange exchange) throws IOException {
        StringBuilder body = new StringBuilder();
        boolean ready = true;
        Map<String, Supplier<Readiness>> snapshot;
        synchronized (this) {
            snapshot = Map.copyOf(checks);
        }
        for (Map.Entry<String, Supplier<Readiness>> check : snapshot.entrySet()) {
            Readiness r;
            try {
                r = check.getValue().get();
            } catch (RuntimeException e) {
                r = Readiness.notReady("check failed: " + e);
            }
            ready &= r.ready();
            body.append(check.getKey()).append(": ").append(r.ready() ? "ready" : "not ready")
                    .append(r.detail().isEmpty() ? "" : " (" + r.detail() + ")").append('\n');
        }
        if (snapshot.isEmpty()) {
            // A service registers its checks once its clients exist; until then it is starting, not ready
            // (a probe that passed here would route traffic to, or stop restarting, a service still failing
            // to log in to Kafka).
            respond(exchange, 503, "text/plain", "starting: no readiness check registered yet\n");
            return;
        }
        respond(exchange, ready ? 200 : 503, "text/plain", body.toString());
    }

    private static void respond(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        gcMetrics.close();
        registry.close();
    }
}
