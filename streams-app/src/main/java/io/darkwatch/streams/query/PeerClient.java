package io.darkwatch.streams.query;

import com.fasterxml.jackson.core.type.TypeReference;
import io.darkwatch.common.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another instance's query server for its local part of an answer ({@code /internal/v1/…}).
 * A peer that does not answer, or answers 503, makes the whole answer 503: a merged answer without
 * one instance's countries would look complete and be wrong.
 */
final class PeerClient {
    private final HttpClient http;
    private final Duration timeout;

    PeerClient(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Starts the request; the future fails with {@link NotReadyException} or {@link IllegalStateException}. */
    <T> CompletableFuture<T> get(HostInfo peer, String pathAndQuery, TypeReference<T> type) {
        URI uri = URI.create("http://" + peer.host() + ":" + peer.port() + pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        throw new NotReadyException("instance " + peer + " did not answer: " + cause, cause);
                    }
                    if (response.statusCode() == 503) {
                        throw new NotReadyException("instance " + peer + " is not ready: " + text(response));
                    }
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("instance " + peer + " answered " + response.statusCode()
                                + " to " + pathAndQuery + ": " + text(response));
                    }
                    try {
                        return Json.mapper().readValue(response.body(), type);
                    } catch (IOException e) {
                        throw new IllegalStateException("instance " + peer + " answered unreadable JSON to "
                                + pathAndQuery + ": " + e.getMessage(), e);
                    }
                });
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8).strip();
    }
}
