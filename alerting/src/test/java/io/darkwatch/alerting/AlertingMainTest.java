package io.darkwatch.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.alerting.config.StartPosition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
}
