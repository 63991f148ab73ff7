package io.darkwatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.streams.detect.WindowObservation;
import io.darkwatch.streams.distinct.DistinctSketch;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowAccumulatorTest {
    private static final long START = 1_704_067_200_000L;

    private static byte[] count(long n) {
        return ByteBuffer.allocate(8).putLong(n).array();
    }

    private static byte[] sketch(long from, long to) {
        byte[] s = null;
        for (long i = from; i < to; i++) {
            s = DistinctSketch.add(s, DistinctSketch.hash(0, i));
        }
        return s;
    }

    @Test
    void shouldCarrySourcesScannedPortsAndSweepingNetblocksToTheDetectors() {
        // Given a window's store entries: 40 sources in two sketches (10 in both), scans of two ports and
        // two netblocks' sketches of scanned ports
        WindowAccumulator acc = new WindowAccumulator();
        acc.add(SignalKeys.uniqueSources(START, "BR"), sketch(0, 25));
        acc.add(SignalKeys.uniqueSources(START, "BR"), sketch(15, 40));
        acc.add(SignalKeys.withPort(START, "BR", SignalKeys.SCAN_PORT, 23), count(120));
        acc.add(SignalKeys.withPort(START, "BR", SignalKeys.SCAN_PORT, 445), count(7));
        acc.add(SignalKeys.withAddress(START, "BR", SignalKeys.SCAN_NETBLOCK,
                Netblocks.of(IpAddress.parse("203.0.113.77"))), sketch(0, 3));
        acc.add(SignalKeys.withAddress(START, "BR", SignalKeys.SCAN_NETBLOCK,
                Netblocks.of(IpAddress.parse("198.51.100.9"))), sketch(0, 50));

        // When the window closes
        WindowObservation o = acc.toObservation("BR", START, START + 300_000, 10);

        // Then the observation has the union's count, the ports largest first and the blocks by ports
        assertEquals(40, o.uniqueSources());
        assertEquals(Map.of(23, 120L, 445, 7L), o.scanPorts());
        assertEquals(23, o.scanPorts().keySet().iterator().next());
        assertEquals(120, o.topScanPortPackets());
        assertEquals(Map.of("198.51.100.0/24", 50L, "203.0.113.0/24", 3L), o.scanNetblocks());
        assertEquals(50, o.topNetblockPorts());
    }

    @Test
    void shouldCountIpv6ScannersPerSlash48() {
        IpAddress a = Netblocks.of(IpAddress.parse("2001:db8:1:2::1"));
        assertEquals(a, Netblocks.of(IpAddress.parse("2001:db8:1:ffff::9")));
        assertEquals("2001:db8:1::/48", Netblocks.label(a));
    }
}
