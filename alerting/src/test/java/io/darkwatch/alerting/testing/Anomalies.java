package io.darkwatch.alerting.testing;

import io.darkwatch.common.anomaly.AnomalyDetails;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.anomaly.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Anomaly events for tests, shaped like the streams app's. */
public final class Anomalies {
    public static final Instant START = Instant.parse("2022-02-24T00:00:00Z");
    public static final Duration WINDOW = Duration.ofMinutes(5);

    private Anomalies() {
    }

    /** Backscatter surge from UA in the window starting {@code windows} windows after the episode start. */
    public static Anomaly backscatter(String id, EpisodeStatus status, int windows, double observed,
            List<Map<String, Object>> victims, List<Map<String, Object>> ports) {
        Instant windowStart = START.plus(WINDOW.multipliedBy(windows));
        Instant windowEnd = windowStart.plus(WINDOW);
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        if (!victims.isEmpty()) {
            details.put(AnomalyDetails.TOP_VICTIMS, victims);
        }
        if (!ports.isEmpty()) {
            details.put(AnomalyDetails.VICTIM_PORTS, ports);
        }
        return new Anomaly(1, id, AnomalyType.BACKSCATTER_SURGE, "UA", windowStart, windowEnd, status,
                status == EpisodeStatus.RESOLVED ? null : Severity.CRITICAL, observed, 10, observed / 10,
                "backscatter-surge", START, status == EpisodeStatus.RESOLVED ? windowStart : null, details);
    }

    public static Anomaly openSurge(String id) {
        return backscatter(id, EpisodeStatus.OPEN, 0, 120,
                List.of(victim("192.0.2.7", 80), victim("198.51.100.23", 30)),
                List.of(port(443, 70), port(80, 40)));
    }

    public static Anomaly outage(String id, EpisodeStatus status) {
        return new Anomaly(1, id, AnomalyType.OUTAGE, "KZ", Instant.parse("2022-01-05T10:30:00Z"),
                Instant.parse("2022-01-05T10:35:00Z"), status, Severity.CRITICAL, 3, 250, 0.988, "outage",
                Instant.parse("2022-01-05T10:30:00Z"), null, Map.of());
    }

    public static Anomaly withDetails(Anomaly a, Map<String, Object> details) {
        return new Anomaly(a.version(), a.id(), a.type(), a.country(), a.windowStart(), a.windowEnd(), a.status(),
                a.severity(), a.observed(), a.expected(), a.score(), a.detector(), a.episodeStart(), a.episodeEnd(),
                details);
    }

    public static Map<String, Object> victim(String address, long packets) {
        return Map.of("address", address, "packets", packets);
    }

    public static Map<String, Object> port(int port, long packets) {
        return Map.of("port", port, "packets", packets);
    }

    /** {@code n} victims 10.0.x.y with falling packet counts. */
    public static List<Map<String, Object>> manyVictims(int n) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(victim("10.0." + (i / 256) + "." + (i % 256), 10_000 - i));
        }
        return out;
    }
}
