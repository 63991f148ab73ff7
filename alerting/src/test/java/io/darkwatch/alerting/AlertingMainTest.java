package io.darkwatch.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.alerting.config.StartPosition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AlertingMainTest {

    @Test
    void shouldBuildSettingsFromOptionsAndTheEnvironment() {
        AlertingMain main = new AlertingMain(Map.of("SLACK_WEBHOOK_URL",
                "https://hooks.slack.com/services/T1/B2/secretsecret")::get, new SimpleMeterRegistry());
        new CommandLine(main).parseArgs("--bootstrap-servers", "kafka:9092", "--from", "earliest", "--no-console",
                "--slack-timeout", "3", "--slack-max-attempts", "2");

        var settings = main.settings();

        assertEquals("kafka:9092", settings.bootstrapServers());
        assertEquals(StartPosition.EARLIEST, settings.startFrom());
        assertFalse(settings.console());
        assertEquals(3, settings.slackDelivery().requestTimeout().toSeconds());
        assertEquals(2, settings.slackDelivery().maxAttempts());
        assertTrue(settings.slackWebhook().isPresent());
    }

    @Test
    void shouldTakeTheGrafanaUrlFromTheEnvironmentUnlessTheOptionIsGiven() {
        // Given DARKWATCH_GRAFANA_URL is set (picocli reads ${env:…} defaults from the real environment,
        // so the option itself stands in for it here)
        AlertingMain main = new AlertingMain(Map.<String, String>of()::get, new SimpleMeterRegistry());
        new CommandLine(main).parseArgs("--grafana-url", "https://grafana.example.org/");

        var settings = main.settings();

        assertEquals("https://grafana.example.org/", settings.grafana().orElseThrow().baseUrl().toString());
        assertEquals("darkwatch-overview", settings.grafana().orElseThrow().uid());
    }

    @Test
    void shouldLeaveTheGrafanaLinkOutWhenNoUrlIsConfigured() {
        AlertingMain main = new AlertingMain(Map.<String, String>of()::get, new SimpleMeterRegistry());
        new CommandLine(main).parseArgs();

        assertTrue(main.settings().grafana().isEmpty() || System.getenv("DARKWATCH_GRAFANA_URL") != null);
    }

    @Test
    void shouldExplainInItsHelpThatSigtermFinishesTheBatchAndCommits() {
        String help = new CommandLine(new AlertingMain()).getUsageMessage();

        assertTrue(help.contains("on SIGTERM or Ctrl-C it finishes the events it is sending"), help);
        assertTrue(help.contains("commits their offsets and exits"), help);
        assertTrue(help.contains("--grafana-url"), help);
        assertTrue(help.contains("darkwatch.alerts.dead-letter"), help);
    }

    @Test
    void shouldOfferTheDeadLetterReplayAsASubcommand() {
        CommandLine alerting = new CommandLine(new AlertingMain());

        String help = alerting.getSubcommands().get("replay-dead-letters").getUsageMessage();

        assertTrue(alerting.getUsageMessage().contains("replay-dead-letters"), alerting.getUsageMessage());
        assertTrue(help.contains("--dry-run"), help);
        assertTrue(help.contains("Each letter is replayed once"), help);
    }

    @Test
    void shouldExitWithAUsageErrorListingEveryProblem() {
        // Given no sink, a broken server list, an impossible attempt count, a relative Grafana URL and no partitions
        AlertingMain main = new AlertingMain(Map.<String, String>of()::get, new SimpleMeterRegistry());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = new CommandLine(main).execute("--bootstrap-servers", "nohost", "--no-console",
                    "--slack-max-attempts", "0", "--grafana-url", "grafana:3000", "--topic-partitions", "0");
        } finally {
            System.setErr(original);
        }

        // Then it stops before connecting anywhere and names all five
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(CommandLine.ExitCode.USAGE, code);
        assertTrue(text.contains("Slack max attempts must be between 1 and 20, not 0"), text);
        assertTrue(text.contains("bootstrap server 'nohost' is not host:port"), text);
        assertTrue(text.contains("no sink is enabled"), text);
        assertTrue(text.contains("Grafana URL must be an absolute http(s) URL"), text);
        assertTrue(text.contains("--topic-partitions must be at least 1, not 0"), text);
    }

    @Test
    void shouldGroupLikeAlertmanagerByDefaultAndTakeOtherTimers() {
        AlertingMain defaults = new AlertingMain(Map.<String, String>of()::get, new SimpleMeterRegistry());
        new CommandLine(defaults).parseArgs();
        var grouping = defaults.settings().grouping().orElseThrow();
        assertEquals(java.time.Duration.ofSeconds(30), grouping.groupWait());
        assertEquals(java.time.Duration.ofMinutes(5), grouping.groupInterval());
        assertEquals(java.time.Duration.ofHours(4), grouping.repeatInterval());

        AlertingMain custom = new AlertingMain(Map.<String, String>of()::get, new SimpleMeterRegistry());
        new CommandLine(custom).parseArgs("--group-wait", "10s", "--group-interval", "1m", "--repeat-interval", "1d");
        assertEquals(java.time.Duration.ofDays(1), custom.settings().grouping().orElseThrow().repeatInterval());

        AlertingMain off = new AlertingMain(Map.<String, String>of()::get, new SimpleMeterRegistry());
        new CommandLine(off).parseArgs("--no-grouping");
        assertTrue(off.settings().grouping().isEmpty());
    }

    @Test
    void shouldReportEveryBadGroupingTimerAtOnce() {
        AlertingMain main = new AlertingMain(Map.<String, String>of()::get, new SimpleMeterRegistry());
        new CommandLine(main).parseArgs("--group-wait", "soon", "--group-interval", "1h", "--repeat-interval", "5m",
                "--topic-partitions", "0");

        var e = org.junit.jupiter.api.Assertions.assertThrows(
                io.darkwatch.alerting.config.InvalidSettingsException.class, main::settings);

        assertTrue(e.getMessage().contains("--group-wait: 'soon' is not a duration"), e.getMessage());
        assertTrue(e.getMessage().contains("--topic-partitions must be at least 1"), e.getMessage());

        AlertingMain inverted = new AlertingMain(Map.<String, String>of()::get, new SimpleMeterRegistry());
        new CommandLine(inverted).parseArgs("--group-interval", "1h", "--repeat-interval", "5m");
        var e2 = org.junit.jupiter.api.Assertions.assertThrows(
                io.darkwatch.alerting.config.InvalidSettingsException.class, inverted::settings);
        assertTrue(e2.getMessage().contains("must not be shorter than group interval"), e2.getMessage());
    }

    @Test
    void shouldTakeRoutesFromAFileWithoutACatchAllWebhookAndReportTheirProblemsWithTheOthers(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // Given a routes file whose webhooks come from the environment, and no console
        java.nio.file.Path routes = java.nio.file.Files.writeString(dir.resolve("routes.yaml"), """
                routes:
                  - name: kz
                    match: {country: KZ}
                    webhook_env: SLACK_KZ
                  - name: default
                    webhook_env: SLACK_REST
                """);
        AlertingMain main = new AlertingMain(Map.of("SLACK_KZ", "https://hooks.slack.com/services/T/B/kzSecret",
                "SLACK_REST", "https://hooks.slack.com/services/T/B/restSecret")::get, new SimpleMeterRegistry());
        new CommandLine(main).parseArgs("--routes", routes.toString(), "--no-console", "--slack-max-per-hour", "5");

        var settings = main.settings();

        assertEquals(List.of("kz", "default"), settings.routes().orElseThrow().routes().stream()
                .map(io.darkwatch.alerting.routing.Route::name).toList());
        assertEquals(5, settings.slackMessagesPerHour());

        // When a webhook variable is missing and the limit is negative, both are reported together
        AlertingMain broken = new AlertingMain(Map.<String, String>of("SLACK_KZ",
                "https://hooks.slack.com/services/T/B/kzSecret")::get, new SimpleMeterRegistry());
        new CommandLine(broken).parseArgs("--routes", routes.toString(), "--slack-max-per-hour", "-1");
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                io.darkwatch.alerting.config.InvalidSettingsException.class, broken::settings);
        assertTrue(e.getMessage().contains("route 2 (default): environment variable SLACK_REST is not set"),
                e.getMessage());
        assertTrue(e.getMessage().contains("--slack-max-per-hour must be 0 (no limit) or more, not -1"), e.getMessage());
        assertFalse(e.getMessage().contains("kzSecret"));
    }
}
