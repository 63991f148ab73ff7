package io.darkwatch.cli.metrics;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * Serves a {@link PrometheusMeterRegistry} at {@code /metrics} in the Prometheus text format, on
 * the JDK's built-in HTTP server (a scrape endpoint needs nothing more). Port 0 picks a free port.
 */
public final class PrometheusEndpoint implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final HttpServer server;

    public PrometheusEndpoint(String host, int port) {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), host, port);
    }

    public PrometheusEndpoint(PrometheusMeterRegistry registry, String host, int port) {
        this.registry = registry;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        server.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public String url() {
        InetSocketAddress a = server.getAddress();
        return "http://" + a.getHostString() + ":" + a.getPort() + "/metrics";
    }

    @Override
    public void close() {
        server.stop(0);
        registry.close();
    }
}
