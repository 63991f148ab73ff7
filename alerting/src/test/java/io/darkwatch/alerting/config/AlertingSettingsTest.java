package io.darkwatch.alerting.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.alerting.slack.SlackDeliverySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertingSettingsTest {
    private static final String SECRET = "zzSecretPart0123456789";
    private static final String WEBHOOK = "https://hooks.slack.com/services/T01/B02/" + SECRET;

    @TempDir
    Path dir;

    @Test
    void shouldTakeTheWebhookFromTheEnvironment() {
        AlertingSettings s = settings("localhost:9092", null, false, Map.of("SLACK_WEBHOOK_URL", WEBHOOK));
        assertEquals(WEBHOOK, s.slackWebhook().orElseThrow().uri().toString());
        assertEquals("darkwatch-alerting", s.groupId());
    }

    @Test
    void shouldReadTheWebhookFromASecretFileIgnoringItsTrailingNewline() throws Exception {
        Path secret = Files.writeString(dir.resolve("webhook"), WEBHOOK + "\n");
        AlertingSettings s = settings("localhost:9092", null, false,
                Map.of("SLACK_WEBHOOK_URL_FILE", secret.toString()));
        assertEquals(WEBHOOK, s.slackWebhook().orElseThrow().uri().toString());
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        // Given a bad server list, an empty group id, a webhook set twice and an output "file" that is a folder
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () ->
                AlertingSettings.fromEnvironment("localhost,broker:99999", " ", StartPosition.LATEST,
                        SlackDeliverySettings.defaults(), dir, false,
                        Map.of("SLACK_WEBHOOK_URL", WEBHOOK, "SLACK_WEBHOOK_URL_FILE", "/run/secret")::get));

        // Then all of them are listed
        assertEquals(List.of(
                "both SLACK_WEBHOOK_URL and SLACK_WEBHOOK_URL_FILE are set; set only one",
                "bootstrap server 'localhost' is not host:port with a port 1-65535",
                "bootstrap server 'broker:99999' is not host:port with a port 1-65535",
                "consumer group id is empty",
                "output file " + dir + " is a directory; name a file to append to"), e.problems());
        assertTrue(e.getMessage().contains("consumer group id is empty"));
    }

    @Test
    void shouldSayThatNothingWouldBeDeliveredWhenNoSinkIsOn() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> settings("localhost:9092", null, false, Map.of()));
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).startsWith("no sink is enabled"), e.problems().get(0));
    }

    @Test
    void shouldExplainABrokenWebhookWithoutRevealingIt() {
        // Given a webhook that is not https and a secret file that does not exist
        InvalidSettingsException plain = assertThrows(InvalidSettingsException.class, () -> settings(
                "localhost:9092", null, false, Map.of("SLACK_WEBHOOK_URL", WEBHOOK.replace("https", "http"))));
        InvalidSettingsException missing = assertThrows(InvalidSettingsException.class, () -> settings(
                "localhost:9092", null, false, Map.of("SLACK_WEBHOOK_URL_FILE", dir.resolve("nope").toString())));

        // Then the reason is given, not the URL, and "no sink" does not hide it
        assertEquals(List.of("SLACK_WEBHOOK_URL: Slack webhook URL must use https (plain http only to a loopback "
                + "test server), not 'http'"), plain.problems());
        assertFalse(plain.getMessage().contains(SECRET));
        assertEquals(1, missing.problems().size());
        assertTrue(missing.problems().get(0).startsWith("cannot read the Slack webhook URL from SLACK_WEBHOOK_URL_FILE"),
                missing.problems().get(0));
    }

    @Test
    void shouldAcceptAConsoleOnlySetupWithSeveralBrokers() {
        AlertingSettings s = settings("b1:9092, b2:9093,[::1]:9094", dir.resolve("a.jsonl"), true, Map.of());
        assertTrue(s.slackWebhook().isEmpty());
        assertEquals(dir.resolve("a.jsonl"), s.outputFile().orElseThrow());
    }

    private static AlertingSettings settings(String servers, Path output, boolean console, Map<String, String> env) {
        return AlertingSettings.fromEnvironment(servers, AlertingSettings.DEFAULT_GROUP_ID, StartPosition.LATEST,
                SlackDeliverySettings.defaults(), output, console, env::get);
    }
}
