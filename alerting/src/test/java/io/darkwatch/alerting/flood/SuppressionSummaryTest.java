package io.darkwatch.alerting.flood;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.EpisodeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class SuppressionSummaryTest {

    @Test
    void shouldStayWithinTheSectionLimitForManyKindsOfAlerts() {
        // Given 1000 suppressed outages from 676 made-up two-letter "countries"
        List<Anomaly> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Anomaly o = Anomalies.outage("O-" + i, EpisodeStatus.OPEN);
            String country = ("" + (char) ('A' + (i / 26) % 26) + (char) ('A' + i % 26)).toUpperCase(Locale.ROOT);
            many.add(new Anomaly(1, o.id(), AnomalyType.OUTAGE, country, o.windowStart(), o.windowEnd(), o.status(),
                    o.severity(), 1, 2, 3, "outage", null, null, null));
        }

        String text = SuppressionSummary.text(many);

        assertTrue(text.length() <= SuppressionSummary.MAX_TEXT, "length " + text.length());
        assertTrue(text.startsWith("1000 more alerts suppressed in the last hour: 2 × Outage"), text.substring(0, 80));
        assertTrue(text.matches("(?s).*, and \\d+ more kinds$"), text.substring(text.length() - 40));
    }
}
