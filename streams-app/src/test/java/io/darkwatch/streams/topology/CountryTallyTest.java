package io.darkwatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.packet.SpoofingHints;
import io.darkwatch.common.packet.TcpFlags;
import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.streams.detect.WindowObservation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountryTallyTest {
    private static final IpAddress SCANNER_A = IpAddress.parse("203.0.113.5");
    private static final IpAddress SCANNER_B = IpAddress.parse("203.0.113.200");
    private static final IpAddress VICTIM = IpAddress.parse("198.51.100.1");

    private static PacketSummary tcp(IpAddress src, int srcPort, int dstPort, int flags) {
        return new PacketSummary(1_000_000L, "s1", src, IpAddress.parse("192.0.2.1"), IpProtocol.TCP, srcPort, dstPort,
                flags, -1, -1, 60, 60, "BR", 0, 0);
    }

    private static void sendMixedTraffic(CountryTally tally) {
        // two scanners of one /24 on ports 22, 23, 23 and 80, a victim's SYN/ACK from 443 and a UDP sender
        tally.add(tcp(SCANNER_A, 40000, 22, TcpFlags.SYN));
        tally.add(tcp(SCANNER_A, 40001, 23, TcpFlags.SYN));
        tally.add(tcp(SCANNER_A, 40002, 23, TcpFlags.SYN));
        tally.add(tcp(SCANNER_B, 40003, 80, TcpFlags.SYN));
        tally.add(tcp(VICTIM, 443, 50000, TcpFlags.SYN | TcpFlags.ACK));
        tally.add(new PacketSummary(1_000_000L, "s1", IpAddress.parse("192.0.2.99"), IpAddress.parse("192.0.2.1"),
                IpProtocol.UDP, 5000, 53, 0, -1, -1, 60, 60, "BR", 0, 0));
    }

    @Test
    void shouldKeepSourcesWithoutBackscatterAndScannedPortsPerNetblockWhenDetectorsReadThem() {
        CountryTally tally = new CountryTally(true, true);
        sendMixedTraffic(tally);

        // three sources (the victim is left out), three ports scanned by the /24, two scans of 23
        assertEquals(3, tally.uniqueSources());
        assertEquals(3, tally.portsScannedBy(IpAddress.parse("203.0.113.0")));
        assertEquals(2, tally.scanPackets(23));
    }

    @Test
    void shouldKeepNoSketchWhenNoDetectorReadsOne() {
        CountryTally tally = new CountryTally(false, false);
        sendMixedTraffic(tally);

        assertFalse(tally.keepsSketches());
        assertEquals(0, tally.scanPackets(23));
        assertEquals(6, tally.packets());
    }

    @Test
    void shouldBuildTheWindowTheDetectorsAndTheTopicSee() {
        CountryTally tally = new CountryTally(true, true);
        sendMixedTraffic(tally);

        WindowObservation o = tally.toObservation("BR", 0, 300_000, 2);
        CountryWindow w = o.window();
        assertEquals(6, w.packets());
        assertEquals(1, w.synAck());
        assertEquals(1, w.backscatter());
        assertEquals(4, w.scan());
        assertEquals(Map.of(TcpFlags.SYN, 4L, TcpFlags.SYN | TcpFlags.ACK, 1L), w.flagCounts());
        assertEquals(Map.of(23, 2L, 22, 1L), w.dstPortCounts(), "top two by count, ties by port");
        assertEquals(3, w.otherPortPackets(), "80, 50000 and 53 fall outside the top two");
        assertEquals(Map.of("198.51.100.1", 1L), w.synAckSources());
        assertEquals(Map.of(443, 1L), w.synAckPorts());
        assertEquals(1, o.distinctVictims());
        assertEquals(3, o.uniqueSources());
        assertEquals(Map.of("203.0.113.0/24", 3L), o.scanNetblocks());
    }

    @Test
    void shouldOrderScannedPortsLargestFirstAndCountIpv6ScannersPerSlash48() {
        CountryTally tally = new CountryTally(true, false);
        for (int i = 0; i < 7; i++) {
            tally.add(tcp(SCANNER_A, 40000, 445, TcpFlags.SYN));
        }
        for (int i = 0; i < 120; i++) {
            tally.add(tcp(IpAddress.parse("2001:db8:1:2::" + (i % 9 + 1)), 40000, 23 + (i % 2) * 1000, TcpFlags.SYN));
        }
        WindowObservation o = tally.toObservation("BR", 0, 300_000, 10);

        assertEquals(Map.of(23, 60L, 1023, 60L, 445, 7L), o.scanPorts());
        assertEquals(23, o.scanPorts().keySet().iterator().next());
        assertEquals(Map.of("2001:db8:1::/48", 2L, "203.0.113.0/24", 1L), o.scanNetblocks());
        assertEquals(IpAddress.parse("2001:db8:1::"), Netblocks.of(IpAddress.parse("2001:db8:1:ffff::9")));
    }

    @Test
    void shouldFindTheAttacksOnEachVictimByCorsarosRule() {
        // Given one victim answering once a second for 90 s, and another only ten times
        CountryTally tally = new CountryTally(false, false);
        for (int i = 0; i <= 90; i++) {
            tally.add(new PacketSummary((1_000L + i * 1_000L) * 1_000_000L, "s1", VICTIM, IpAddress.parse("192.0.2.1"),
                    IpProtocol.TCP, 443, 50000, TcpFlags.SYN | TcpFlags.ACK, -1, -1, 60, 60, "BR", 25_482, 0));
        }
        for (int i = 0; i < 10; i++) {
            tally.add(tcp(IpAddress.parse("198.51.100.2"), 80, 50000 + i, TcpFlags.SYN | TcpFlags.ACK));
        }

        WindowObservation o = tally.toObservation("BR", 0, 300_000, 10);

        // Then one attack, on the first victim, with its AS, 91 packets over 90 s
        assertEquals(1, o.attackCount());
        assertEquals("198.51.100.1", o.attacks().get(0).victim());
        assertEquals(25_482, o.attacks().get(0).asn());
        assertEquals(91, o.attacks().get(0).packets());
        assertEquals(90, o.attacks().get(0).durationSeconds());
        assertEquals(2, o.distinctVictims());
        assertEquals(Map.of("198.51.100.1", 25_482), o.victimAsns(), "the other victim's AS is unknown");
    }

    @Test
    void shouldLeaveSpoofSuspectsOutOfTheOutageSignalAndTheSources() {
        // Given two ordinary scans and two from spoofed-looking sources (.255 and TTL 250 without options)
        CountryTally tally = new CountryTally(false, true);
        tally.add(tcp(SCANNER_A, 40000, 22, TcpFlags.SYN));
        tally.add(tcp(SCANNER_B, 40000, 22, TcpFlags.SYN));
        for (int hint : new int[] {SpoofingHints.SRC_LAST_OCTET_255, SpoofingHints.TTL_200_NO_TCP_OPTIONS}) {
            tally.add(new PacketSummary(1_000_000L, "s1", IpAddress.parse("203.0.113." + (hint + 100)),
                    IpAddress.parse("192.0.2.1"), IpProtocol.TCP, 40000, 23, TcpFlags.SYN, -1, -1, 250, 60, "BR", 0, hint));
        }

        WindowObservation o = tally.toObservation("BR", 0, 300_000, 10);

        // Then the window counts all four packets, the outage signal and the sources only the ordinary two
        assertEquals(4, o.window().packets());
        assertEquals(2, o.suspectPackets());
        assertEquals(2, o.outagePackets());
        assertEquals(2, o.uniqueSources());
    }
}
