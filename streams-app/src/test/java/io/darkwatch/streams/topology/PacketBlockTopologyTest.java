package io.darkwatch.streams.topology;

import static io.darkwatch.streams.testing.PacketTraffic.Kind.BACKSCATTER;
import static io.darkwatch.streams.testing.PacketTraffic.Kind.SCAN;
import static io.darkwatch.streams.testing.PacketTraffic.Kind.UDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.testing.PacketTraffic;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Blocks of packets must count exactly as the same packets sent one per record. */
class PacketBlockTopologyTest {
    private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;
    private static final DetectorSettings SETTINGS = DetectorSettings.defaults()
            .with(Map.of("baseline.min-windows", "12", "baseline.windows", "288", "outage.signal", "unique-sources"));

    private record Run(List<CountryWindow> windows, List<Anomaly> anomalies, double late) {
    }

    /** Three hours from three countries (one unmapped) with a UA backscatter surge and a KZ outage. */
    private static final List<PacketSummary> PACKETS = traffic(17);
    /** The reference: the same packets, one per record. */
    private static Run single;

    private static List<PacketSummary> traffic(long seed) {
        long end = T0 + 3 * HOUR;
        PacketTraffic t = new PacketTraffic(seed);
        for (String c : List.of("KZ", "UA", "ZZ")) {
            t.add(c, SCAN, 0.3, T0, end).add(c, BACKSCATTER, 0.15, T0, end).add(c, UDP, 0.05, T0, end);
        }
        t.add("UA", BACKSCATTER, 1.0, T0 + 90 * 60_000L, T0 + 150 * 60_000L);
        return t.sorted().stream().filter(p -> !p.country().equals("KZ")
                || p.timestampMillis() < T0 + 90 * 60_000L || p.timestampMillis() >= T0 + 150 * 60_000L).toList();
    }

    private static synchronized Run single() {
        if (single == null) {
            single = run(PACKETS, 1, 0);
        }
        return single;
    }

    private static Run run(List<PacketSummary> packets, int blockSize, long spanMillis) {
        try (TopologyHarness h = new TopologyHarness(SETTINGS)) {
            if (blockSize == 1) {
                h.send(packets);
            } else {
                h.sendInBlocks(packets, blockSize, spanMillis);
            }
            long last = packets.get(packets.size() - 1).timestampMillis();
            h.heartbeats(last, last + HOUR);
            return new Run(List.copyOf(h.windows()), List.copyOf(h.anomalies()), h.counter("darkwatch.records.late"));
        }
    }

    @ParameterizedTest(name = "blocks of up to {0} packets spanning up to {1} ms")
    @CsvSource({"16, 1000", "512, 20000"})
    void shouldCountBlocksExactlyAsSinglePackets(int blockSize, long spanMillis) {
        // Given three hours of traffic from three countries with a UA backscatter surge and a KZ outage
        // When the same packets go through the topology one per record and in blocks
        Run single = single();
        Run blocks = run(PACKETS, blockSize, spanMillis);

        // Then every window, every count and every anomaly is the same, and nothing was late
        assertFalse(single.anomalies().isEmpty(), "the traffic must raise anomalies for the comparison to mean anything");
        assertTrue(single.windows().size() > 90, "windows: " + single.windows().size());
        assertEquals(single.windows(), blocks.windows());
        assertEquals(single.anomalies(), blocks.anomalies());
        assertEquals(0.0, single.late());
        assertEquals(0.0, blocks.late());
    }
}
