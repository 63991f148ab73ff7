package io.darkwatch.alerting.slack;

import io.darkwatch.alerting.delivery.ExponentialBackoff;
import io.darkwatch.alerting.delivery.Sleeper;
import io.darkwatch.alerting.delivery.TokenBucket;
import io.darkwatch.alerting.metrics.AlertMetrics;
import io.darkwatch.alerting.render.GrafanaDashboard;
import io.darkwatch.alerting.sink.AlertDeliveryException;
import io.darkwatch.alerting.sink.AlertSink;
import io.darkwatch.alerting.sink.GroupedAlerts;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.json.Json;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each event to a Slack incoming webhook as a Block Kit message.
 *
 * <p>What Slack's answers mean (api.slack.com, incoming webhooks and rate limits):
 * <ul>
 *   <li>200 with body {@code ok}: delivered.</li>
 *   <li>429: rate limited; wait the {@code Retry-After} seconds and try again. (Alertmanager drops
 *       these, and users lose alerts.)</li>
 *   <li>5xx, 408, timeouts, broken connections: transient; retry with exponential backoff and jitter,
 *       at most {@link SlackDeliverySettings#maxAttempts()} POSTs.</li>
 *   <li>400 {@code invalid_payload}/{@code no_text}, 403 {@code invalid_token}/{@code action_prohibited},
 *       404 {@code channel_not_found}/{@code no_service}, 410 {@code channel_is_archived} and any other
 *       4xx: permanent; retrying cannot help, so the event fails at once with Slack's error text.</li>
 * </ul>
 * A token bucket keeps the sink under Slack's one message per second per webhook, so a burst of
 * anomalies is spread out instead of being answered with 429s.
 *
 * <p>The webhook URL is a secret: only {@link SlackWebhookUrl#redacted()} is ever logged, and every
 * message taken from an exception or a response is scrubbed before it is logged or thrown.
 */
public final class SlackWebhookSink implements AlertSink {
    private static final Logger LOG = LoggerFactory.getLogger(SlackWebhookSink.class);
    /** Slack's error bodies are short snake_case tokens; anything else (a proxy's HTML page) is not used as a tag. */
    private static final Pattern SLACK_ERROR = Pattern.compile("[a-z][a-z0-9_]{0,59}");
    private static final int MAX_ERROR_TEXT = 200;

    private final SlackWebhookUrl webhook;
    private final SlackDeliverySettings settings;
    private final AlertMetrics metrics;
    private final HttpClient client;
    private final Sleeper sleeper;
    private final TokenBucket rateLimit;
    private final ExponentialBackoff backoff;
    private final Optional<GrafanaDashboard> grafana;
    private final String name;

    /** A sink on the system clock, really sleeping, with its own HTTP client. */
    public static SlackWebhookSink create(SlackWebhookUrl webhook, SlackDeliverySettings settings,
            AlertMetrics metrics) {
        return create(webhook, settings, metrics, Optional.empty());
    }

    /** As {@link #create(SlackWebhookUrl, SlackDeliverySettings, AlertMetrics)}, each message linking to Grafana. */
    public static SlackWebhookSink create(SlackWebhookUrl webhook, SlackDeliverySettings settings,
            AlertMetrics metrics, Optional<GrafanaDashboard> grafana) {
        return new SlackWebhookSink(webhook, settings, metrics, Clock.systemUTC(), Sleeper.SYSTEM,
                RandomGenerator.getDefault(), grafana);
    }

    /** Test seam: time, waiting and jitter are injected. */
    public SlackWebhookSink(SlackWebhookUrl webhook, SlackDeliverySettings settings, AlertMetrics metrics,
            Clock clock, Sleeper sleeper, RandomGenerator random) {
        this(webhook, settings, metrics, clock, sleeper, random, Optional.empty());
    }

    /** Test seam: time, waiting and jitter are injected; messages link to {@code grafana} when present. */
    public SlackWebhookSink(SlackWebhookUrl webhook, SlackDeliverySettings settings, AlertMetrics metrics,
            Clock clock, Sleeper sleeper, RandomGenerator random, Optional<GrafanaDashboard> grafana) {
        this(webhook, settings, metrics, clock, sleeper, random, grafana, "slack");
    }

    /** A sink on the system clock named {@code name} in metrics and dead letters (one per route). */
    public static SlackWebhookSink create(SlackWebhookUrl webhook, SlackDeliverySettings settings,
            AlertMetrics metrics, Optional<GrafanaDashboard> grafana, String name) {
        return new SlackWebhookSink(webhook, settings, metrics, Clock.systemUTC(), Sleeper.SYSTEM,
                RandomGenerator.getDefault(), grafana, name);
    }

    /** Test seam: as above, named {@code name} (the {@code sink} tag of its metrics). */
    public SlackWebhookSink(SlackWebhookUrl webhook, SlackDeliverySettings settings, AlertMetrics metrics,
            Clock clock, Sleeper sleeper, RandomGenerator random, Optional<GrafanaDashboard> grafana, String name) {
        this.name = Objects.requireNonNull(name, "name");
        this.grafana = Objects.requireNonNull(grafana, "grafana");
        this.webhook = Objects.requireNonNull(webhook, "webhook");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.requestTimeout())
                // Slack serves both; HTTP/1.1 avoids an h2c upgrade dance with plain-http test servers.
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.rateLimit = new TokenBucket(settings.messagesPerSecond(), settings.burst(), clock, sleeper);
        this.backoff = new ExponentialBackoff(settings.initialBackoff(), settings.maxBackoff(), random);
    }

    @Override
    public String name() {
        return name;
    }

    /** Where this sink posts, redacted. */
    public String destination() {
        return webhook.redacted();
    }

    @Override
    public void deliver(Anomaly anomaly) throws AlertDeliveryException {
        send(payload(anomaly), anomaly.id() + " (" + anomaly.status() + ")");
    }

    /**
     * One message for the whole group; a group of one new event gets the same detailed message as
     * {@link #deliver(Anomaly)}.
     */
    @Override
    public void deliverGroup(GroupedAlerts group) throws AlertDeliveryException {
        if (!group.reminder() && group.alerts().size() == 1) {
            deliver(group.alerts().get(0));
            return;
        }
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(SlackMessageBuilder.buildGroup(group, grafana));
        } catch (IOException | RuntimeException e) {
            throw new AlertDeliveryException("payload_error", true,
                    "cannot build the Slack message for group " + group.group() + ": " + e.getMessage(), e);
        }
        String first = group.alerts().get(0).id();
        send(body, (group.reminder() ? "a reminder of " : "a group of ") + group.alerts().size()
                + " alerts (" + first + (group.alerts().size() > 1 ? ", …" : "") + ")");
    }

    /** A plain notice (a flood summary) as one section, with the same retries as an alert. */
    @Override
    public void deliverNotice(String text) throws AlertDeliveryException {
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(SlackMessageBuilder.notice(text));
        } catch (IOException e) {
            throw new AlertDeliveryException("payload_error", true, "cannot build a Slack notice: " + e.getMessage(), e);
        }
        send(body, "a notice");
    }

    private void send(byte[] body, String what) throws AlertDeliveryException {
        for (int attempt = 1; ; attempt++) {
            Outcome outcome;
            try {
                rateLimit.acquire();
                outcome = post(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AlertDeliveryException("interrupted", false,
                        "interrupted while sending " + what + " to Slack " + webhook.redacted());
            }
            if (outcome instanceof Delivered) {
                if (attempt > 1) {
                    LOG.info("delivered {} to Slack {} on attempt {}", what, webhook.redacted(), attempt);
                }
                return;
            }
            if (outcome instanceof Rejected r) {
                LOG.error("Slack {} rejected {} with HTTP {} '{}'; not retrying (permanent failure)",
                        webhook.redacted(), what, r.status(), r.errorText());
                throw new AlertDeliveryException(r.reason(), true, "Slack " + webhook.redacted() + " rejected "
                        + what + " with HTTP " + r.status() + " '" + r.errorText() + "'", null, r.status(), attempt);
            }
            Transient t = (Transient) outcome;
            if (attempt >= settings.maxAttempts()) {
                LOG.error("giving up on {} to Slack {} after {} attempts; last failure: {}",
                        what, webhook.redacted(), attempt, t.description());
                throw new AlertDeliveryException(t.reason(), false, "gave up sending " + what + " to Slack "
                        + webhook.redacted() + " after " + attempt + " attempts; last failure: " + t.description(),
                        null, t.status(), attempt);
            }
            Duration wait;
            if (t.retryAfter().isPresent()) {
                wait = t.retryAfter().get();
                if (wait.compareTo(settings.maxRetryAfter()) > 0) {
                    LOG.error("Slack {} asks to wait {} s before sending {}, more than the {} s allowed; giving up",
                            webhook.redacted(), wait.toSeconds(), what, settings.maxRetryAfter().toSeconds());
                    throw new AlertDeliveryException("rate_limited", false, "Slack " + webhook.redacted()
                            + " rate-limited " + what + " for " + wait.toSeconds() + " s", null, t.status(), attempt);
                }
            } else {
                wait = backoff.delay(attempt);
            }
            LOG.warn("attempt {} of {} to send {} to Slack {} failed ({}); retrying in {} ms",
                    attempt, settings.maxAttempts(), what, webhook.redacted(), t.description(), wait.toMillis());
            metrics.retried(name());
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AlertDeliveryException("interrupted", false,
                        "interrupted while waiting to retry " + what + " to Slack " + webhook.redacted());
            }
        }
    }

    private byte[] payload(Anomaly anomaly) throws AlertDeliveryException {
        try {
            return Json.mapper().writeValueAsBytes(SlackMessageBuilder.build(anomaly, grafana));
        } catch (IOException | RuntimeException e) {
            throw new AlertDeliveryException("payload_error", true,
                    "cannot build the Slack message for " + anomaly.id() + ": " + e.getMessage(), e);
        }
    }

    private Outcome post(byte[] body) throws InterruptedException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(webhook.uri())
                    .timeout(settings.requestTimeout())
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
        } catch (RuntimeException e) {
            // Builder errors may quote the URI: keep only a scrubbed message and drop the cause.
            return new Rejected(0, "bad_request", webhook.scrub(String.valueOf(e.getMessage())));
        }
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new Transient(0, "timeout", "no answer within " + settings.requestTimeout().toMillis() + " ms",
                    Optional.empty());
        } catch (IOException e) {
            String detail = e.getMessage() == null ? "" : ": " + webhook.scrub(e.getMessage());
            return new Transient(0, "io_error", e.getClass().getSimpleName() + detail, Optional.empty());
        }
        return classify(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
    }

    /** What one HTTP answer means. */
    private Outcome classify(int status, String body, Optional<String> retryAfter) {
        String text = errorText(body);
        if (status == 200 && "ok".equals(text)) {
            return new Delivered();
        }
        String reason = SLACK_ERROR.matcher(text).matches() ? text : "http_" + status;
        if (status == 429) {
            return new Transient(status, "rate_limited", "HTTP 429 rate limited",
                    retryAfter.flatMap(SlackWebhookSink::seconds));
        }
        if (status == 408 || status >= 500) {
            return new Transient(status, "http_" + status, "HTTP " + status + " '" + text + "'", Optional.empty());
        }
        if (status == 200) {
            // A 200 that is not "ok" is not Slack (a captive portal, a proxy page): the message did not arrive.
            return new Rejected(status, "unexpected_response", text);
        }
        return new Rejected(status, reason, text);
    }

    private String errorText(String body) {
        if (body == null) {
            return "";
        }
        String text = body.strip();
        if (text.length() > MAX_ERROR_TEXT) {
            text = text.substring(0, MAX_ERROR_TEXT) + "…";
        }
        return webhook.scrub(text);
    }

    private static Optional<Duration> seconds(String header) {
        try {
            long s = Long.parseLong(header.strip());
            return s >= 0 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP-date: Slack does not send one; fall back to backoff
        }
    }

    @Override
    public void close() {
        // java.net.http.HttpClient on Java 17 has no close(); its threads end when it is unreachable.
    }

    sealed interface Outcome permits Delivered, Rejected, Transient {
    }

    record Delivered() implements Outcome {
    }

    /** A permanent failure: {@code reason} is the metric tag, {@code errorText} Slack's (scrubbed) body. */
    record Rejected(int status, String reason, String errorText) implements Outcome {
    }

    /** Worth another try, after {@code retryAfter} when the server said so; {@code status} 0 without an HTTP answer. */
    record Transient(int status, String reason, String description, Optional<Duration> retryAfter) implements Outcome {
    }
}
