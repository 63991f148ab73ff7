package io.darkwatch.alerting.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SlackWebhookUrlTest {
    private static final String SECRET = "abcDEF123ghiJKL456";
    private static final String URL = "https://hooks.slack.com/services/T01ABCDEF/B02GHIJKL/" + SECRET;

    @Test
    void shouldShowOnlyHostAndApiWhenPrinted() {
        SlackWebhookUrl url = SlackWebhookUrl.parse(URL + "\n"); // a secret file's trailing newline
        assertEquals("https://hooks.slack.com/services/***", url.toString());
        assertEquals("https://hooks.slack.com/services/***", url.redacted());
    }

    @Test
    void shouldScrubTheUrlItsPathAndItsTokensFromAnyText() {
        SlackWebhookUrl url = SlackWebhookUrl.parse(URL);
        String scrubbed = url.scrub("POST " + URL + " failed; path /services/T01ABCDEF/B02GHIJKL/" + SECRET
                + "; token " + SECRET);
        assertFalse(scrubbed.contains(SECRET), scrubbed);
        assertFalse(scrubbed.contains("B02GHIJKL"), scrubbed);
        assertTrue(scrubbed.startsWith("POST https://hooks.slack.com/services/*** failed"), scrubbed);
    }

    @Test
    void shouldRequireHttpsExceptForALoopbackTestServer() {
        assertThrows(IllegalArgumentException.class,
                () -> SlackWebhookUrl.parse("http://hooks.slack.com/services/T/B/" + SECRET));
        SlackWebhookUrl.parse("http://127.0.0.1:8080/services/T/B/" + SECRET);
        SlackWebhookUrl.parse("http://[::1]:8080/services/T/B/" + SECRET);
        SlackWebhookUrl.parse("http://localhost:8080/services/T/B/" + SECRET);
    }

    @Test
    void shouldNeverRepeatTheUrlInItsErrors() {
        String[] bad = {"ftp://hooks.slack.com/services/T/B/" + SECRET, "hooks.slack.com/services/" + SECRET,
            "https://hooks.slack.com/ser vices/" + SECRET, "https://hooks.slack.com", " "};
        for (String text : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SlackWebhookUrl.parse(text));
            assertFalse(e.getMessage().contains(SECRET), e.getMessage());
            assertTrue(e.getMessage().startsWith("Slack webhook URL "), e.getMessage());
        }
    }
}
