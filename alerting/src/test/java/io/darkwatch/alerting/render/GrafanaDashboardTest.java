package io.darkwatch.alerting.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.alerting.testing.Anomalies;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GrafanaDashboardTest {

    @Test
    void shouldLinkTheCountryFromSixHoursBeforeTheWindowToOneHourAfterIt() {
        // Given Grafana under a sub-path, written with a trailing slash
        GrafanaDashboard grafana = GrafanaDashboard.parse("https://ops.example.org/grafana/");

        // When the OPEN surge of UA (window 2022-02-24 00:00–00:05 UTC) is linked
        String link = grafana.link(Anomalies.openSurge("E")).toString();

        // Then the range is 2022-02-23 18:00 to 2022-02-24 01:05 UTC, in epoch milliseconds
        long from = Instant.parse("2022-02-23T18:00:00Z").toEpochMilli();
        long to = Instant.parse("2022-02-24T01:05:00Z").toEpochMilli();
        assertEquals("https://ops.example.org/grafana/d/darkwatch-overview?from=" + from + "&to=" + to
                + "&var-country=UA", link);
    }

    @Test
    void shouldRefuseUrlsItCannotBuildALinkOn() {
        var relative = assertThrows(IllegalArgumentException.class, () -> GrafanaDashboard.parse("grafana:3000"));
        assertTrue(relative.getMessage().contains("absolute http(s) URL"), relative.getMessage());
        var query = assertThrows(IllegalArgumentException.class,
                () -> GrafanaDashboard.parse("https://g.example.org/?orgId=1"));
        assertTrue(query.getMessage().contains("without ?query"), query.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GrafanaDashboard.parse("ftp://g.example.org"));
        assertThrows(IllegalArgumentException.class, () -> GrafanaDashboard.parse(" "));
    }
}
