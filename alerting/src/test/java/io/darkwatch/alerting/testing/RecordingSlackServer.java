package io.darkwatch.alerting.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 standing in for Slack's webhook endpoint: records every request
 * and answers from a script (then "ok" once the script is used up).
 */
public final class RecordingSlackServer implements AutoCloseable {
    /** The secret part of the webhook URL; must never show up in logs or exception messages. */
    public static final String SECRET = "xoxSecretToken4f9a2c7e1b";
    public static final String PATH = "/services/T0DARKWTCH/B0ALERTING/" + SECRET;

    /** One scripted answer. */
    public record Reply(int status, String body, Map<String, String> headers, Duration delay) {
        public static Reply ok() {
            return new Reply(200, "ok", Map.of(), Duration.ZERO);
        }

        public static Reply error(int status, String body) {
            return new Reply(status, body, Map.of(), Duration.ZERO);
        }

        public static Reply rateLimited(int retryAfterSeconds) {
            return new Reply(429, "rate_limited", Map.of("Retry-After", String.valueOf(retryAfterSeconds)),
                    Duration.ZERO);
        }

        public static Reply okAfter(Duration delay) {
            return new Reply(200, "ok", Map.of(), delay);
        }
    }

    /** One recorded request; {@code receivedNanos} is {@link System#nanoTime()} when it arrived. */
    public record Request(String method, String path, String contentType, String body, long receivedNanos) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();

    public RecordingSlackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        // Several threads: a deliberately slow answer must not hold up the retry that follows it.
        server.setExecutor(executor);
        server.start();
    }

    public synchronized RecordingSlackServer script(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    public String webhookUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /**
     * Fails unless every request so far was a message Slack would accept ({@link BlockKitLimits}):
     * called after each test that talks to this server, so that every payload any test makes is checked.
     */
    public void assertEveryPayloadWithinBlockKitLimits() {
        List<Request> all = requests();
        for (int i = 0; i < all.size(); i++) {
            List<String> problems = BlockKitLimits.problems(all.get(i).body());
            if (!problems.isEmpty()) {
                throw new AssertionError("request " + i + " breaks Block Kit limits: " + problems);
            }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        Reply reply;
        synchronized (this) {
            long arrived = System.nanoTime();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body, arrived));
            reply = script.isEmpty() ? Reply.ok() : script.poll();
        }
        try {
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay().toMillis());
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client gave up (timeout) before the answer: that is the point of a slow reply.
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
