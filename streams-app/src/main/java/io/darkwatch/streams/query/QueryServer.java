package io.darkwatch.streams.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.darkwatch.common.json.Json;
import io.darkwatch.common.packet.TcpFlags;
import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.streams.query.QueryParameters.Period;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API over HTTP (JSON, GET only), on the JDK's built-in server and a port of its own.
 *
 * <p>Why not on the {@code OpsServer} port: that one serves Prometheus and the kubelet's probes on
 * one thread, and a query that waits for its peers must never delay a liveness probe into a
 * restart; the two are also exposed differently (scrapers vs users and peers), and the query port
 * is the one advertised to the other instances as {@code application.server}.
 *
 * <p>Public endpoints under {@code /api/v1/} are documented in the README ("Query API"). Endpoints
 * under {@code /internal/v1/} answer from this instance's own tasks only, for the other instances.
 * Status codes: 400 with the reason for a bad parameter, 404 for an unknown path, 405 for another
 * method than GET, 503 (with Retry-After) while this or another instance is rebalancing or
 * unreachable, 500 for anything else (logged).
 */
public final class QueryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);
    private static final Pattern SERIES = Pattern.compile("/api/v1/countries/([^/]+)/series");
    private static final int DEFAULT_N = 10;

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile ClusterQueries queries;

    /** Binds the port at once (0 picks a free one), so it can be advertised before the streams client exists. */
    public QueryServer(String bindHost, int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(bindHost, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the query API on " + bindHost + ":" + port + ": "
                    + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        // Several threads: a request fanning out waits for its peers while they ask this instance in turn.
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "query-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Starts answering with {@code queries}. */
    public void start(ClusterQueries queries) {
        this.queries = queries;
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            try {
                if (!"GET".equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().set("Allow", "GET");
                    respond(exchange, 405, error(405, "only GET is served"));
                    return;
                }
                Object body = route(path, QueryParameters.parse(exchange.getRequestURI().getRawQuery()));
                if (body == null) {
                    respond(exchange, 404, error(404, "no such endpoint: " + path + " (see /api/v1/)"));
                } else {
                    respond(exchange, 200, body);
                }
            } catch (BadQueryException e) {
                respond(exchange, 400, error(400, e.getMessage()));
            } catch (NotReadyException | InvalidStateStoreException e) {
                exchange.getResponseHeaders().set("Retry-After", "5");
                respond(exchange, 503, error(503, e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("query {} failed", exchange.getRequestURI(), e);
                respond(exchange, 500, error(500, String.valueOf(e.getMessage())));
            }
        }
    }

    /** The body to answer with, null for an unknown path. */
    private Object route(String path, QueryParameters p) {
        ClusterQueries q = queries;
        switch (path) {
            case "/api/v1", "/api/v1/" -> {
                p.allowOnly();
                return index();
            }
            case "/api/v1/counts" -> {
                p.allowOnly("country", "from", "to");
                Optional<String> country = p.country();
                Optional<Period> period = p.optionalPeriod();
                Map<String, Object> body = new LinkedHashMap<>();
                if (period.isEmpty()) {
                    body.put("current", true);
                    body.put("countries", q.latest(country).stream().map(QueryServer::window).toList());
                } else {
                    body.put("from", period.get().from());
                    body.put("to", period.get().to());
                    body.put("countries", q.counts(period.get().from(), period.get().to(), country));
                }
                return body;
            }
            case "/api/v1/top/ports" -> {
                p.allowOnly("from", "to", "n", "country");
                Period period = p.period();
                int n = p.n(DEFAULT_N);
                Optional<String> country = p.country();
                TopTable<Integer> table = q.topPorts(period.from(), period.to(), country, n);
                Map<String, Object> body = table(table, "port");
                body.put("country", country.orElse(null));
                body.put("unlistedPackets", table.unlistedPackets());
                return body;
            }
            case "/api/v1/top/countries" -> {
                p.allowOnly("from", "to", "n", "signal");
                Period period = p.period();
                int n = p.n(DEFAULT_N);
                Signal signal = p.signal();
                Map<String, Object> body = table(q.topCountries(period.from(), period.to(), signal, n), "country");
                body.put("signal", signal.parameter());
                return body;
            }
            case "/api/v1/anomalies" -> {
                p.allowOnly("country");
                return Map.of("anomalies", q.openAnomalies(p.country()));
            }
            default -> {
                Matcher series = SERIES.matcher(path);
                if (series.matches()) {
                    p.allowOnly("from", "to");
                    String country = QueryParameters.country(series.group(1));
                    Period period = p.period();
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("country", country);
                    body.put("from", period.from());
                    body.put("to", period.to());
                    body.put("windows", q.series(country, period.from(), period.to()).stream()
                            .map(QueryServer::window).toList());
                    return body;
                }
                if (path.startsWith(ClusterQueries.INTERNAL)) {
                    return internal(path.substring(ClusterQueries.INTERNAL.length()), p, q);
                }
                return null;
            }
        }
    }

    /** This instance's own part, in the wire form {@link ClusterQueries} merges. */
    private static Object internal(String what, QueryParameters p, ClusterQueries q) {
        q.requireRunning();
        LocalQueries local = q.local();
        return switch (what) {
            case "latest" -> local.latest(p.allowOnly("country").country());
            case "series" -> {
                Period period = p.allowOnly("country", "from", "to").period();
                yield local.series(p.country().orElseThrow(() -> new BadQueryException("'country' is required")),
                        period.from(), period.to());
            }
            case "counts" -> {
                Period period = p.allowOnly("country", "from", "to").period();
                yield local.counts(period.from(), period.to(), p.country());
            }
            case "ports" -> {
                Period period = p.allowOnly("country", "from", "to").period();
                yield local.ports(period.from(), period.to(), p.country());
            }
            case "anomalies" -> {
                p.allowOnly();
                yield local.openAnomalies();
            }
            default -> null;
        };
    }

    private static Map<String, Object> table(TopTable<?> table, String keyName) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", table.from());
        body.put("to", table.to());
        body.put("previousFrom", table.previousFrom());
        body.put("previousTo", table.from());
        body.put("total", table.total());
        List<Map<String, Object>> entries = new ArrayList<>();
        for (RankedEntry<?> e : table.entries()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("rank", e.rank());
            row.put(keyName, e.key());
            row.put("count", e.count());
            row.put("previousRank", e.isNew() ? "new" : e.previousRank());
            entries.add(row);
        }
        body.put("entries", entries);
        return body;
    }

    /** A closed window for people: flag sets by name, largest first. */
    static Map<String, Object> window(CountryWindow w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("country", w.country());
        m.put("windowStart", w.windowStart());
        m.put("windowEnd", w.windowEnd());
        m.put("packets", w.packets());
        m.put("synAck", w.synAck());
        m.put("backscatter", w.backscatter());
        m.put("scan", w.scan());
        Map<String, Long> flags = new LinkedHashMap<>();
        w.flagCounts().forEach((bits, count) -> flags.merge(TcpFlags.label(bits), count, Long::sum));
        m.put("flags", PeriodCounts.largestFirst(flags));
        m.put("topDstPorts", w.dstPortCounts());
        m.put("otherPortPackets", w.otherPortPackets());
        return m;
    }

    private static Map<String, Object> index() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("counts", "/api/v1/counts[?country=CC][&from=T&to=T]");
        m.put("series", "/api/v1/countries/{CC}/series?from=T&to=T");
        m.put("topPorts", "/api/v1/top/ports?from=T&to=T[&n=10][&country=CC]");
        m.put("topCountries", "/api/v1/top/countries?from=T&to=T[&n=10][&signal=packets|backscatter|syn-ack|scan]");
        m.put("anomalies", "/api/v1/anomalies[?country=CC]");
        return m;
    }

    private static Map<String, Object> error(int status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("error", message);
        return m;
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            LOG.warn("cannot write the answer to {} as JSON", exchange.getRequestURI(), e);
            status = 500;
            bytes = ("{\"status\":500,\"error\":\"cannot write the answer as JSON\"}").getBytes(
                    java.nio.charset.StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
