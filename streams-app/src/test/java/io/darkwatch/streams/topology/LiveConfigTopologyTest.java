package io.darkwatch.streams.topology;

import static io.darkwatch.streams.testing.PacketTraffic.Kind.BACKSCATTER;
import static io.darkwatch.streams.testing.PacketTraffic.Kind.SCAN;
import static io.darkwatch.streams.testing.PacketTraffic.Kind.UDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.streams.config.ConfigStatus;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.testing.PacketTraffic;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Thresholds tuned through the config topic while the topology runs. */
class LiveConfigTopologyTest {
    private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long WINDOW = 5 * MINUTE;
    /** Defaults, with a one-hour warm-up and one day of history so that tests need hours, not days, of traffic. */
    private static final DetectorSettings SETTINGS = DetectorSettings.defaults()
            .with(Map.of("baseline.min-windows", "12", "baseline.windows", "288"));

    private static String record(String settingsJson) {
        return "{\"schemaVersion\":1,\"settings\":" + settingsJson + ",\"updatedBy\":\"alice\","
                + "\"updatedAt\":\"2026-01-01T11:59:00Z\",\"comment\":\"test\"}";
    }

    private static List<Anomaly> opened(List<Anomaly> events, String country, AnomalyType type) {
        return events.stream().filter(a -> a.country().equals(country) && a.type() == type
                && a.status() == EpisodeStatus.OPEN).toList();
    }

    /** Sends the packets before {@code untilMillis} and returns the rest. */
    private static List<PacketSummary> sendUntil(TopologyHarness h, List<PacketSummary> sorted, long untilMillis) {
        int split = 0;
        while (split < sorted.size() && sorted.get(split).timestampMillis() < untilMillis) {
            split++;
        }
        h.send(sorted.subList(0, split));
        return sorted.subList(split, sorted.size());
    }

    @Test
    void shouldStopFlaggingOneCountrysBackscatterSurgesFromTheMomentItsMinRatioIsRaised() {
        // Given UA and DE at 0.25 packets/s, each with backscatter four times its usual level at hours 3 and 5
        long end = T0 + 6 * HOUR + 30 * MINUTE;
        PacketTraffic traffic = new PacketTraffic(11);
        for (String c : List.of("DE", "UA")) {
            traffic.add(c, SCAN, 0.15, T0, end).add(c, BACKSCATTER, 0.08, T0, end).add(c, UDP, 0.02, T0, end)
                    .add(c, BACKSCATTER, 0.24, T0 + 3 * HOUR, T0 + 4 * HOUR)
                    .add(c, BACKSCATTER, 0.24, T0 + 5 * HOUR, T0 + 6 * HOUR);
        }
        try (TopologyHarness h = new TopologyHarness(SETTINGS)) {
            // When, between the two surges, UA's backscatter-surge detector is told to want twenty times its baseline
            List<PacketSummary> rest = sendUntil(h, traffic.sorted(), T0 + 4 * HOUR + 30 * MINUTE);
            h.config("detector/backscatter-surge/country/UA", record("{\"backscatter.min-ratio\": \"20\"}"));
            h.send(rest);
            h.heartbeats(end, end + 10 * MINUTE);

            // Then UA's first surge was flagged and its second was not, while DE's both were
            List<Anomaly> events = h.anomalies();
            List<Anomaly> ua = opened(events, "UA", AnomalyType.BACKSCATTER_SURGE);
            assertEquals(1, ua.size(), events::toString);
            long onset = ua.get(0).episodeStart().toEpochMilli() - (T0 + 3 * HOUR);
            assertTrue(onset >= 0 && onset <= 2 * WINDOW, "onset " + ua.get(0).episodeStart());
            assertEquals(2, opened(events, "DE", AnomalyType.BACKSCATTER_SURGE).size(), events::toString);

            // And the record was accepted, with a status that says so
            assertEquals(List.of(new ConfigStatus("detector/backscatter-surge/country/UA",
                    ConfigStatus.Outcome.ACCEPTED, List.of(), List.of(), 0, 0, TopologyHarness.NOW, "alice")),
                    h.statuses);
            assertEquals(1.0, h.counter("darkwatch.config.accepted"));
        }
    }

    /** KZ sends about 9 non-backscatter packets a window, below the default outage.min-baseline (20), then falls silent. */
    private static List<PacketSummary> smallCountryFallsSilent(long seed) {
        PacketTraffic traffic = new PacketTraffic(seed);
        traffic.add("DE", SCAN, 0.4, T0, T0 + 5 * HOUR).add("DE", BACKSCATTER, 0.1, T0, T0 + 5 * HOUR)
                .add("KZ", SCAN, 0.03, T0, T0 + 3 * HOUR).add("KZ", SCAN, 0.03, T0 + 4 * HOUR, T0 + 5 * HOUR);
        return traffic.sorted();
    }

    @Test
    void shouldKeepTheLastGoodSettingsWhenABadRecordArrivesAndSayWhyItWasRejected() {
        try (TopologyHarness h = new TopologyHarness(SETTINGS)) {
            // Given KZ's outage detector told to judge baselines from 5 packets a window
            String scope = "detector/outage/country/KZ";
            h.config(scope, record("{\"outage.min-baseline\": \"5\"}"));
            List<PacketSummary> rest = sendUntil(h, smallCountryFallsSilent(12), T0 + 2 * HOUR);

            // When two bad records for the same scope follow: one with three problems, one not JSON at all
            h.config(scope, record("{\"outage.min-baseline\": \"0\", \"outage.warnig-ratio\": \"0.3\","
                    + " \"window.size\": \"1m\"}"));
            h.config(scope, "{\"schemaVersion\":1, \"settings\": {");
            h.send(rest);
            h.heartbeats(T0 + 5 * HOUR, T0 + 5 * HOUR + 10 * MINUTE);

            // Then KZ's silence is still judged with the good record, and flagged from its first window
            List<Anomaly> outages = opened(h.anomalies(), "KZ", AnomalyType.OUTAGE);
            assertEquals(1, outages.size(), outages::toString);
            assertEquals(Instant.ofEpochMilli(T0 + 3 * HOUR), outages.get(0).episodeStart());

            // And each bad record has a status that lists every problem and the offset it answers
            assertEquals(List.of(ConfigStatus.Outcome.ACCEPTED, ConfigStatus.Outcome.REJECTED,
                    ConfigStatus.Outcome.REJECTED), h.statuses.stream().map(ConfigStatus::status).toList());
            ConfigStatus three = h.statuses.get(1);
            assertEquals(1, three.offset());
            assertEquals(List.of(
                    "outage.min-baseline: 0 is out of range [1, 1000000000]",
                    "unknown setting 'outage.warnig-ratio' (did you mean outage.warning-ratio?)",
                    "window.size cannot be changed live: the open windows in the state stores are cut by it; set it"
                            + " at start-up (--set) under a new application id"), three.problems());
            assertEquals(List.of("range", "unknown-key", "not-live"), three.reasons());
            assertEquals(List.of("malformed"), h.statuses.get(2).reasons());
            assertEquals(2, h.statuses.get(2).offset());

            // And each reason is counted
            for (String reason : List.of("range", "unknown-key", "not-live", "malformed")) {
                assertEquals(1.0, h.registry.get("darkwatch.config.rejected").tag("reason", reason).counter().count(),
                        reason);
            }
        }
    }

    @Test
    void shouldGoBackToTheStartUpSettingsWhenAScopeIsDeleted() {
        try (TopologyHarness h = new TopologyHarness(SETTINGS)) {
            // Given KZ's outage detector told to judge baselines from 5 packets a window
            String scope = "detector/outage/country/KZ";
            h.config(scope, record("{\"outage.min-baseline\": \"5\"}"));
            List<PacketSummary> rest = sendUntil(h, smallCountryFallsSilent(12), T0 + 2 * HOUR);

            // When the scope is deleted before KZ falls silent
            h.config(scope, null);
            h.send(rest);
            h.heartbeats(T0 + 5 * HOUR, T0 + 5 * HOUR + 10 * MINUTE);

            // Then the default outage.min-baseline (20) applies again: KZ's baseline is too small to judge
            assertEquals(List.of(), opened(h.anomalies(), "KZ", AnomalyType.OUTAGE));
            assertEquals(List.of(ConfigStatus.Outcome.ACCEPTED, ConfigStatus.Outcome.DELETED),
                    h.statuses.stream().map(ConfigStatus::status).toList());
            assertEquals(1.0, h.counter("darkwatch.config.deleted"));
        }
    }
}
