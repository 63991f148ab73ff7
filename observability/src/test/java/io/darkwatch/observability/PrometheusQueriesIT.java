package io.darkwatch.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkwatch.alerting.sink.AlertDeliveryException;
import io.darkwatch.alerting.sink.AlertSink;
import io.darkwatch.capture.replay.ProgressListener;
import io.darkwatch.cli.local.LocalPipeline;
import io.darkwatch.cli.local.PipelineOptions;
import io.darkwatch.cli.local.PipelineResult;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.ops.OpsServer;
import io.darkwatch.simulator.Simulator;
import io.darkwatch.simulator.scenario.Scenarios;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards and alert rules against the real thing: an all-in-one pipeline (embedded broker,
 * capture-producer replaying a simulated capture, streams-app, alerting) serving its metrics, and a
 * real Prometheus scraping them every second and evaluating the rules. Every PromQL expression of
 * every dashboard panel, annotation and variable, and every alert rule's signals, is run through
 * Prometheus' HTTP API while the pipeline is still up, and must return at least one series.
 *
 * <p>The capture ({@code observability-events.json}) has a UA backscatter surge and a KZ outage that
 * lasts to its end, so an episode is open while Prometheus scrapes. One alert sink refuses every
 * event for good, so the dead-letter path (and its alert) runs for real.
 *
 * <p>How alert rules are checked: a healthy pipeline keeps almost every alert's condition false,
 * and a false comparison filters every series away, which would say nothing. So each operand of the
 * rule's top-level {@code and}/{@code or}/{@code unless} is run with its comparison turned into a
 * {@code bool} one ({@link PromqlConditions}), which keeps every series the signal has: an alert on
 * a misspelt metric or label has none and fails here. That Prometheus itself loads and evaluates each
 * rule without error is checked from {@code /api/v1/rules}, and {@code promtool check rules} must pass.
 */
class PrometheusQueriesIT {
    private static final String SENSOR = "obs-1";
    /** What Grafana substitutes; the rate window covers the whole (short) run. */
    private static final Map<String, String> FIXED = Map.of("$__rate_interval", "1m", "$__interval", "15s",
            "$__range", "1h");

    @TempDir
    static Path dir;

    private static final CountDownLatch queried = new CountDownLatch(1);
    private static final CompletableFuture<PipelineResult> running = new CompletableFuture<>();
    private static CompletableFuture<PipelineResult> finished;
    private static PrometheusServer prometheus;
    private static OpsServer ops;
    private static Map<String, String> variables;

    @BeforeAll
    static void runPipelineUnderPrometheus() throws Exception {
        // Fails with the apt-get hint when Prometheus is not installed.
        PrometheusServer.binary("prometheus");
        PrometheusServer.binary("promtool");
        Path capture = dir.resolve("observability-events.pcap");
        new Simulator().run(Scenarios.load(resource("observability-events.json").toString()), capture);
        ops = new OpsServer("127.0.0.1", 0);
        prometheus = PrometheusServer.start(dir, "127.0.0.1:" + ops.port(), AlertRules.FILE);

        PipelineOptions options = new PipelineOptions(capture, Optional.empty(), Optional.empty(),
                LocalPipeline.replaySettings(Map.of()), 2, SENSOR, List.of(new RefusingSink()), ProgressListener.NONE,
                Duration.ofMinutes(2));
        finished = CompletableFuture.supplyAsync(() -> {
            try {
                return new LocalPipeline(options, ops.registry()).run(result -> {
                    running.complete(result);
                    try {
                        // Keep everything up until the queries are done.
                        queried.await(3, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (Exception e) {
                running.completeExceptionally(e);
                throw new IllegalStateException(e);
            }
        });
        PipelineResult result = running.get(3, TimeUnit.MINUTES);
        // A few scrapes of the pipeline as it stands once everything has gone through.
        prometheus.awaitScrapes(Instant.now(), 3, Duration.ofSeconds(30));

        String countries = result.anomalies().stream().map(Anomaly::country).collect(Collectors.toCollection(TreeSet::new))
                .stream().collect(Collectors.joining("|"));
        variables = new LinkedHashMap<>(FIXED);
        variables.put("$country", countries);
        variables.put("$sensor", SENSOR);
    }

    @AfterAll
    static void stop() throws Exception {
        queried.countDown();
        try {
            if (finished != null) {
                finished.get(2, TimeUnit.MINUTES);
            }
        } finally {
            if (prometheus != null) {
                prometheus.close();
            }
            if (ops != null) {
                ops.close();
            }
        }
    }

    @Test
    void shouldHaveRunThroughTheInjectedEventsWithTheOutageStillOpen() throws Exception {
        PipelineResult result = running.get();
        assertTrue(result.anomalies().stream().anyMatch(a -> a.type() == AnomalyType.BACKSCATTER_SURGE
                && a.country().equals("UA")), "the UA surge was found: " + result.anomalies());
        assertEquals("1", value(prometheus.query("darkwatch_anomalies_open{type=\"outage\", country=\"KZ\"}")),
                "KZ's outage is open when the capture ends");
        assertEquals("0", value(prometheus.query("darkwatch_outage_signal{country=\"KZ\"}")), "KZ is silent");
        double baseline = Double.parseDouble(value(prometheus.query("darkwatch_outage_baseline{country=\"KZ\"}")));
        assertTrue(baseline >= 20, "KZ has an outage baseline: " + baseline);
        // The rules' DarkwatchStreamsNotRunning takes 2 for RUNNING; it is RUNNING now.
        assertEquals("2", value(prometheus.query("max(kafka_stream_client_state)")));
    }

    @Test
    void shouldAnswerEveryDashboardPanelAnnotationAndVariableWithAtLeastOneSeries() {
        List<Dashboards.Expression> all = new ArrayList<>(Dashboards.panelTargets());
        all.addAll(Dashboards.annotations());
        all.addAll(Dashboards.variableQueries());
        assertTrue(all.size() >= 50, "expressions found: " + all.size());
        List<String> empty = new ArrayList<>();
        for (Dashboards.Expression e : all) {
            String expr = substitute(e.expr());
            if (prometheus.query(expr).isEmpty()) {
                empty.add(e.where() + ": " + expr);
            }
        }
        assertEquals(List.of(), empty, "expressions without any series (of " + all.size() + ")");
    }

    @Test
    void shouldFindEverySignalEveryAlertRuleCompares() {
        List<AlertRules.Rule> rules = AlertRules.all();
        assertTrue(rules.size() >= 10, "rules: " + rules.size());
        List<String> empty = new ArrayList<>();
        int checked = 0;
        for (AlertRules.Rule rule : rules) {
            for (String signal : PromqlConditions.signals(rule.expr())) {
                checked++;
                if (prometheus.query(signal).isEmpty()) {
                    empty.add(rule.name() + ": " + signal);
                }
            }
        }
        assertEquals(List.of(), empty, "alert signals without any series (of " + checked + ")");
    }

    @Test
    void shouldLoadAndEvaluateEveryRuleWithoutError() throws Exception {
        // At least two evaluations after the pipeline's meters were all registered.
        prometheus.awaitScrapes(Instant.now(), 2, Duration.ofSeconds(30));
        List<String> names = new ArrayList<>();
        List<String> unhealthy = new ArrayList<>();
        for (JsonNode group : prometheus.api("rules").path("groups")) {
            for (JsonNode r : group.path("rules")) {
                names.add(r.path("name").asText());
                if (!"ok".equals(r.path("health").asText())) {
                    unhealthy.add(r.path("name").asText() + " " + r.path("health").asText() + " "
                            + r.path("lastError").asText());
                }
            }
        }
        assertEquals(AlertRules.all().stream().map(AlertRules.Rule::name).toList(), names);
        assertEquals(List.of(), unhealthy);
    }

    @Test
    void shouldFireTheDeadLetterAlertBecauseASinkRefusedEveryEvent() {
        JsonNode firing = prometheus.query("ALERTS{alertname=\"DarkwatchAlertsDeadLettered\", alertstate=\"firing\"}");
        assertTrue(!firing.isEmpty(), "DarkwatchAlertsDeadLettered is not firing; dead letters: "
                + prometheus.query("darkwatch_alerts_dead_lettered_total"));
        assertEquals(RefusingSink.NAME, firing.get(0).path("metric").path("sink").asText());
    }

    @Test
    void shouldPassPromtoolCheckRules() throws Exception {
        Process p = new ProcessBuilder(PrometheusServer.binary("promtool").toString(), "check", "rules",
                AlertRules.FILE.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("SUCCESS: " + AlertRules.all().size() + " rules found"), out);
    }

    private static String substitute(String expr) {
        String out = expr;
        // Longest names first, so that $__rate_interval is not read as $__range… or $__interval.
        List<String> names = variables.keySet().stream().sorted((a, b) -> b.length() - a.length()).toList();
        for (String name : names) {
            out = out.replace("${" + name.substring(1) + "}", variables.get(name)).replace(name, variables.get(name));
        }
        if (out.contains("$")) {
            fail("unknown Grafana variable left in " + out);
        }
        return out;
    }

    private static String value(JsonNode result) {
        if (result.size() != 1) {
            fail("expected one series, got " + result);
        }
        return result.get(0).path("value").get(1).asText();
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(PrometheusQueriesIT.class.getClassLoader().getResource(name).toURI());
    }

    /** A sink that refuses every event for good, as Slack does with a deleted channel. */
    private static final class RefusingSink implements AlertSink {
        static final String NAME = "refusing";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public void deliver(Anomaly anomaly) throws AlertDeliveryException {
            throw new AlertDeliveryException("channel_not_found", true, "refused for the test");
        }

        @Override
        public void close() {
        }
    }
}
