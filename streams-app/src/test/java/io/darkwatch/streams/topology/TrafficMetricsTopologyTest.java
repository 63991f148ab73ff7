package io.darkwatch.streams.topology;

import static io.darkwatch.streams.testing.PacketTraffic.Kind.BACKSCATTER;
import static io.darkwatch.streams.testing.PacketTraffic.Kind.SCAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.streams.metrics.TrafficMetrics;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.testing.PacketTraffic;
import io.micrometer.core.instrument.search.Search;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The traffic metrics as the topology feeds them: from closed windows, judgements and events. */
class TrafficMetricsTopologyTest {
    private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final DetectorSettings SETTINGS = DetectorSettings.defaults()
            .with(Map.of("baseline.min-windows", "12", "baseline.windows", "288"));

    @Test
    void shouldExportWhatTheDetectorsSawAndDropItWhenTheTaskCloses() {
        // Given DE steady, KZ steady until it falls silent for the last 40 minutes
        long silenceStart = T0 + 2 * HOUR;
        long end = silenceStart + 40 * MINUTE;
        PacketTraffic traffic = new PacketTraffic(3);
        traffic.add("DE", SCAN, 0.3, T0, end).add("DE", BACKSCATTER, 0.05, T0, end)
                .add("KZ", SCAN, 0.3, T0, silenceStart);
        List<PacketSummary> packets = traffic.sorted();
        long kzBefore = packets.stream().filter(p -> p.country().equals("KZ")).count();

        TopologyHarness h = new TopologyHarness(SETTINGS);
        try {
            // When the topology processes it
            h.send(packets);
            h.heartbeats(end, end + 10 * MINUTE);

            // Then every packet is counted per sensor, and KZ's closed windows per signal
            assertEquals(packets.size(), h.registry.get(TrafficMetrics.SENSOR_PACKETS).tag("sensor", "s1").counter()
                    .count());
            assertEquals(kzBefore, h.registry.get(TrafficMetrics.TRAFFIC_PACKETS).tags("country", "KZ", "signal",
                    "packets").counter().count());
            assertTrue(h.registry.get(TrafficMetrics.PORT_PACKETS).tag("port", "23").counter().count() > 0);

            // And KZ's outage shows as a zero signal under a baseline, its thresholds the default 25 % and 10 % of it
            double baseline = gauge(h, TrafficMetrics.OUTAGE_BASELINE, "KZ");
            assertEquals(0, gauge(h, TrafficMetrics.OUTAGE_SIGNAL, "KZ"));
            assertTrue(baseline > 20, "baseline " + baseline);
            assertEquals(0.25 * baseline, h.registry.get(TrafficMetrics.OUTAGE_THRESHOLD)
                    .tags("country", "KZ", "severity", "warning").gauge().value(), 1e-9);
            assertEquals(0.1 * baseline, h.registry.get(TrafficMetrics.OUTAGE_THRESHOLD)
                    .tags("country", "KZ", "severity", "critical").gauge().value(), 1e-9);
            assertEquals(1, h.registry.get(TrafficMetrics.ANOMALIES_OPEN).tags("country", "KZ", "type", "outage")
                    .gauge().value());
            assertTrue(gauge(h, TrafficMetrics.OUTAGE_BASELINE, "DE") > 20, "DE has a baseline of its own");
            assertTrue(gauge(h, TrafficMetrics.BACKSCATTER_BASELINE, "DE") > 0, "and one of backscatter");
        } finally {
            h.close();
        }

        // And once the task is closed (a rebalance moved it, or the app stopped) no country's series is left
        assertTrue(Search.in(h.registry).tagKeys("country").meters().isEmpty(),
                () -> Search.in(h.registry).tagKeys("country").meters().stream().map(m -> m.getId().toString()).toList()
                        .toString());
    }

    private static double gauge(TopologyHarness h, String name, String country) {
        return h.registry.get(name).tag("country", country).gauge().value();
    }
}
