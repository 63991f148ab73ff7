package io.darkwatch.deploy;

import io.darkwatch.ops.OpsServer;
import io.darkwatch.ops.Readiness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Asks the services' real ops server (the one every main starts) whether it serves a path, so a
 * probe or health check in a deployment file is checked against what the code serves.
 */
final class HealthEndpoints {
    private HealthEndpoints() {
    }

    /** The HTTP status the {@link OpsServer} gives for this path while its one readiness check passes. */
    static int status(String path) {
        try (OpsServer ops = new OpsServer("127.0.0.1", 0)) {
            ops.readiness("deploy-test", () -> Readiness.ready("checking paths"));
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
