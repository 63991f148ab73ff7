package io.darkwatch.alerting.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.darkwatch.alerting.config.InvalidSettingsException;
import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.common.anomaly.EpisodeStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutesFileTest {
    private static final String UA_URL = "https://hooks.slack.com/services/T1/B1/uaSecretToken";
    private static final String DEFAULT_URL = "https://hooks.slack.com/services/T1/B2/defaultSecretToken";

    @TempDir
    Path dir;

    @Test
    void shouldRouteByTypeCountryAndSeverityWithTheFirstMatchWinning() throws Exception {
        // Given a routes file: critical UA backscatter, then outages (webhook in a file), then the rest
        Path secret = Files.writeString(dir.resolve("outages-url"), "https://hooks.slack.com/services/T1/B3/outSecret\n");
        String yaml = """
                routes:
                  - name: ua-backscatter
                    match:
                      type: BACKSCATTER_SURGE
                      country: [ua, RU]
                      severity: CRITICAL
                    webhook_env: SLACK_WEBHOOK_UA
                  - name: outages
                    match: {type: [OUTAGE]}
                    webhook_file: %s
                  - name: default
                    webhook_env: SLACK_WEBHOOK_URL
                """.formatted(secret);

        Routes routes = RoutesFile.parse(yaml, "routes.yaml",
                Map.of("SLACK_WEBHOOK_UA", UA_URL, "SLACK_WEBHOOK_URL", DEFAULT_URL)::get);

        // Then each event takes the first route that matches
        assertEquals("ua-backscatter", routes.route(Anomalies.openSurge("A")).name());
        assertEquals("outages", routes.route(Anomalies.outage("B", EpisodeStatus.OPEN)).name());
        // and the resolution of a UA surge (no severity) still goes where its OPEN went
        assertEquals("ua-backscatter", routes.route(Anomalies.backscatter("A", EpisodeStatus.RESOLVED, 3, 12,
                List.of(), List.of())).name());
        // and the webhooks were resolved from the environment and the file
        assertEquals(UA_URL, routes.routes().get(0).webhook().uri().toString());
        assertEquals("https://hooks.slack.com/services/T1/B3/outSecret", routes.routes().get(1).webhook().uri().toString());
        assertEquals("slack-outages", routes.routes().get(1).sinkName());
    }

    @Test
    void shouldSendAWarningFromAnotherCountryToTheDefaultRoute() {
        Routes routes = RoutesFile.parse("""
                routes:
                  - name: kz-outage
                    match: {type: OUTAGE, country: KZ, severity: WARNING}
                    webhook_env: A
                  - name: default
                    webhook_env: B
                """, "r", Map.of("A", UA_URL, "B", DEFAULT_URL)::get);

        // The outage fixture is CRITICAL: the severity condition fails, the default takes it
        assertEquals("default", routes.route(Anomalies.outage("B", EpisodeStatus.OPEN)).name());
    }

    @Test
    void shouldReportEveryProblemAtOnceWithoutEverShowingAWebhookUrl() {
        String yaml = """
                routes:
                  - name: Bad Name
                    match: {type: DDOS, country: Ukraine, severity: [HIGH], asn: 123}
                    webhook_env: SLACK_WEBHOOK_MISSING
                  - name: inline
                    url: %s
                  - name: env-holds-url
                    webhook_env: %s
                  - name: both
                    webhook_env: X
                    webhook_file: /nope
                  - name: not-default
                    match: {country: KZ}
                    webhook_file: /no/such/file
                """.formatted(UA_URL, UA_URL);

        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> RoutesFile.parse(yaml, "routes.yaml", Map.of("X", "not a url at all")::get));

        List<String> problems = e.problems();
        assertEquals(List.of(
                "routes file routes.yaml, route 1 (Bad Name): name must be 1-40 of a-z, 0-9, '-', '_'",
                "routes file routes.yaml, route 1 (Bad Name): unknown match key 'asn' (type, country, severity)",
                "routes file routes.yaml, route 1 (Bad Name): unknown type 'DDOS' ([BACKSCATTER_SURGE, OUTAGE])",
                "routes file routes.yaml, route 1 (Bad Name): country 'Ukraine' is not a two-letter ISO 3166-1 code",
                "routes file routes.yaml, route 1 (Bad Name): unknown severity 'HIGH' ([WARNING, CRITICAL])",
                "routes file routes.yaml, route 1 (Bad Name): environment variable SLACK_WEBHOOK_MISSING is not set",
                "routes file routes.yaml, route 2 (inline): unknown key 'url'; webhook URLs are secrets and never go "
                        + "in this file, name them with webhook_env or webhook_file",
                "routes file routes.yaml, route 2 (inline): matches everything, so the routes after it would never be "
                        + "used; give it a match or move it to the end",
                "routes file routes.yaml, route 2 (inline): give exactly one of webhook_env (an environment variable) "
                        + "or webhook_file",
                "routes file routes.yaml, route 3 (env-holds-url): matches everything, so the routes after it would "
                        + "never be used; give it a match or move it to the end",
                "routes file routes.yaml, route 3 (env-holds-url): webhook_env must name an environment variable, not "
                        + "hold the URL (a secret that must not be in this file)",
                "routes file routes.yaml, route 4 (both): matches everything, so the routes after it would never be "
                        + "used; give it a match or move it to the end",
                "routes file routes.yaml, route 4 (both): give exactly one of webhook_env (an environment variable) "
                        + "or webhook_file",
                "routes file routes.yaml, route 5 (not-default): the last route must have no match (it is the default "
                        + "route for everything else)",
                "routes file routes.yaml, route 5 (not-default): cannot read the webhook URL from file /no/such/file: "
                        + "NoSuchFileException"), problems);
        problems.forEach(p -> assertFalse(p.contains("SecretToken"), p));
    }

    @Test
    void shouldSayWhereTheYamlIsBrokenWithoutQuotingIt() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> RoutesFile.parse("routes:\n  - name: x\n   webhook_env: [" + UA_URL, "r.yaml", k -> null));

        assertEquals(1, e.problems().size());
        assertFalse(e.getMessage().contains("SecretToken"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void shouldRejectAFileWithoutRoutes() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> RoutesFile.parse("route: []", "r.yaml", k -> null));

        assertEquals(List.of("routes file r.yaml must have a non-empty list 'routes:' (see the alerting README for "
                + "the format)"), e.problems());
    }
}
