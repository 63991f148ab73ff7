package io.darkwatch.capture.decode;

import io.darkwatch.common.packet.SpoofingHints;
import static io.darkwatch.capture.testing.Frames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.capture.read.CaptureFrame;
import io.darkwatch.capture.read.CaptureFiles;
import io.darkwatch.capture.read.CaptureReader;
import io.darkwatch.capture.testing.TestData;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.packet.TcpFlags;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One nested class per corsaro spoofing rule: each packet is built to hit (or just miss) one rule. */
class SpoofingHintsTest {
    private static final int SYN = TcpFlags.SYN;
    private final PacketDecoder decoder = new PacketDecoder("s1");

    private int hints(byte[] ipPacket) {
        DecodeResult r = decoder.decode(LinkTypes.RAW, 1L, ipPacket, ipPacket.length, ipPacket.length);
        return assertInstanceOf(DecodeResult.Decoded.class, r, () -> "expected a summary, got " + r).summary().hints();
    }

    private static byte[] tcp(String src, String dst, int ttl, int srcPort, int dstPort, int flags) {
        return frame().ipv4(IpProtocol.TCP, src, dst, ttl, 40).tcp(srcPort, dstPort, flags).build();
    }

    private static byte[] udp(String src, String dst, int srcPort, int dstPort) {
        return frame().ipv4(IpProtocol.UDP, src, dst, 64, 28).udp(srcPort, dstPort, 8).build();
    }

    @Test
    void shouldGiveNoHintsToAnOrdinaryScanProbe() {
        // Given a SYN from a routable host to a darknet address, TTL 52
        int hints = hints(tcp("203.0.113.7", "198.51.100.9", 52, 40000, 23, SYN));

        // Then nothing about it looks spoofed
        assertEquals(0, hints);
        assertFalse(SpoofingHints.isSuspect(hints));
    }

    @Nested
    class SameSourceAndDestination {
        @Test
        void shouldFlagIpv4AndIpv6PacketsSentToThemselves() {
            byte[] v4 = udp("198.51.100.9", "198.51.100.9", 5000, 5001);
            byte[] v6 = frame().ipv6(IpProtocol.UDP, "2001:db8::9", "2001:db8::9", 64, 8).udp(5000, 5001, 8).build();

            assertEquals(SpoofingHints.SAME_SRC_DST, hints(v4));
            assertEquals(SpoofingHints.SAME_SRC_DST, hints(v6));
            assertEquals(0, hints(udp("198.51.100.8", "198.51.100.9", 5000, 5001)));
        }
    }

    @Nested
    class SourceLastOctet {
        @Test
        void shouldFlagIpv4SourcesEndingInZeroOrTwoFiftyFive() {
            assertEquals(SpoofingHints.SRC_LAST_OCTET_0, hints(udp("203.0.113.0", "198.51.100.9", 5000, 5001)));
            assertEquals(SpoofingHints.SRC_LAST_OCTET_255, hints(udp("203.0.113.255", "198.51.100.9", 5000, 5001)));
            assertEquals(0, hints(udp("203.0.113.254", "198.51.100.9", 5000, 5001)));
        }

        @Test
        void shouldNotApplyTheOctetRuleToIpv6() {
            byte[] v6 = frame().ipv6(IpProtocol.UDP, "2001:db8::ff", "2001:db8::1", 64, 8).udp(5000, 5001, 8).build();
            assertEquals(0, hints(v6));
        }
    }

    @Nested
    class HighTtlWithoutTcpOptions {
        @ParameterizedTest
        @ValueSource(ints = {200, 201, 255})
        void shouldFlagTcpWithTtlOfTwoHundredOrMoreAndNoOptions(int ttl) {
            assertEquals(SpoofingHints.TTL_200_NO_TCP_OPTIONS, hints(tcp("203.0.113.7", "198.51.100.9", ttl, 1, 2, SYN)));
        }

        @Test
        void shouldNotFlagTtlBelowTwoHundred() {
            assertEquals(0, hints(tcp("203.0.113.7", "198.51.100.9", 199, 1, 2, SYN)));
        }

        @Test
        void shouldNotFlagAHighTtlTcpSegmentThatCarriesOptions() {
            // Given TTL 255 and data offset 6: a 4-byte MSS option
            byte[] withMss = frame().ipv4(IpProtocol.TCP, "203.0.113.7", "198.51.100.9", 255, 44)
                    .u16(40000).u16(80).u32(1).u32(0).u8(0x60).u8(SYN).u16(1024).u16(0).u16(0)
                    .u8(2).u8(4).u16(1460).build();

            assertEquals(0, hints(withMss));
        }

        @Test
        void shouldNotFlagHighTtlUdpOrIcmp() {
            byte[] udp = frame().ipv4(IpProtocol.UDP, "203.0.113.7", "198.51.100.9", 250, 28).udp(1, 2, 8).build();
            byte[] icmp = frame().ipv4(IpProtocol.ICMP, "203.0.113.7", "198.51.100.9", 250, 28).icmp(8, 0).build();

            assertEquals(0, hints(udp));
            assertEquals(0, hints(icmp));
        }

        @Test
        void shouldNotGuessWhenTheDataOffsetWasNotCaptured() {
            // Given only the ports of a TTL 255 segment (snaplen cut)
            byte[] cut = frame().ipv4(IpProtocol.TCP, "203.0.113.7", "198.51.100.9", 255, 40).u16(1).u16(2).build();
            assertEquals(0, hints(cut));
        }
    }

    @Nested
    class PortZero {
        @Test
        void shouldFlagTcpAndUdpWithEitherPortZero() {
            assertEquals(SpoofingHints.PORT_ZERO, hints(tcp("203.0.113.7", "198.51.100.9", 50, 0, 80, SYN)));
            assertEquals(SpoofingHints.PORT_ZERO, hints(tcp("203.0.113.7", "198.51.100.9", 50, 4000, 0, SYN)));
            assertEquals(SpoofingHints.PORT_ZERO, hints(udp("203.0.113.7", "198.51.100.9", 0, 53)));
            assertEquals(SpoofingHints.PORT_ZERO, hints(udp("203.0.113.7", "198.51.100.9", 53, 0)));
        }

        @Test
        void shouldNotFlagIcmpWhosePortsAreZeroBecauseItHasNone() {
            byte[] ping = frame().ipv4(IpProtocol.ICMP, "203.0.113.7", "198.51.100.9", 50, 28).icmp(8, 0).build();
            assertEquals(0, hints(ping));
        }
    }

    @Nested
    class UdpToPort80 {
        @Test
        void shouldFlagUdpToPort80Only() {
            assertEquals(SpoofingHints.UDP_TO_PORT_80, hints(udp("203.0.113.7", "198.51.100.9", 40000, 80)));
            assertEquals(0, hints(udp("203.0.113.7", "198.51.100.9", 80, 40000)), "from port 80 is not flagged");
            assertEquals(0, hints(tcp("203.0.113.7", "198.51.100.9", 50, 40000, 80, SYN)), "TCP to 80 is normal");
        }
    }

    @Nested
    class Fragments {
        @Test
        void shouldFlagLaterIpv4FragmentsButNotTheFirst() {
            byte[] first = frame().ipv4(IpProtocol.UDP, "203.0.113.7", "198.51.100.9", 64, 28, 0, true, 5)
                    .udp(5000, 53, 1400).build();
            // a later fragment: no transport header, so its "ports" are 0 without being a port-0 packet
            byte[] later = frame().ipv4(IpProtocol.TCP, "203.0.113.7", "198.51.100.9", 255, 28, 185, false, 5)
                    .zeros(8).build();

            assertEquals(0, hints(first));
            assertEquals(SpoofingHints.FRAGMENT, hints(later));
        }

        @Test
        void shouldFlagTheReservedFlagBitAsCorsaroDoes() {
            byte[] evil = frame().ipv4(IpProtocol.UDP, "203.0.113.7", "198.51.100.9", 64, 28, 0x8000, false, 5)
                    .udp(5000, 53, 8).build();
            assertEquals(SpoofingHints.FRAGMENT, hints(evil));
        }

        @Test
        void shouldFlagLaterIpv6FragmentsToo() {
            byte[] later = frame().ipv6(44, "2001:db8::7", "2001:db8::9", 64, 16)
                    .ipv6Fragment(IpProtocol.UDP, 179, false).zeros(8).build();
            byte[] first = frame().ipv6(44, "2001:db8::7", "2001:db8::9", 64, 16)
                    .ipv6Fragment(IpProtocol.UDP, 0, true).udp(5000, 53, 1200).build();

            assertEquals(SpoofingHints.FRAGMENT, hints(later));
            assertEquals(0, hints(first));
        }

        @Test
        void shouldFlagEveryLaterFragmentOfTheFragmentedSynCapture() throws Exception {
            // Given zeek's fragmented SYN capture: count the frames with a non-zero IPv4 fragment offset
            try (CaptureReader reader = CaptureFiles.open(TestData.capture("zeek__ipv4_fragmented-syn.pcap"))) {
                int laterFragments = 0;
                int flagged = 0;
                CaptureFrame f;
                while ((f = reader.next()) != null) {
                    byte[] d = f.data();
                    int ip = 14;
                    if (((d[ip + 6] & 0x1f) << 8 | (d[ip + 7] & 0xff)) != 0) {
                        laterFragments++;
                    }
                    if (decoder.decode(f) instanceof DecodeResult.Decoded dec
                            && (dec.summary().hints() & SpoofingHints.FRAGMENT) != 0) {
                        flagged++;
                    }
                }
                // Then exactly those are flagged
                assertTrue(laterFragments > 0, "the capture holds later fragments");
                assertEquals(laterFragments, flagged);
            }
        }
    }

    @Nested
    class AbnormalProtocol {
        @ParameterizedTest
        @ValueSource(ints = {47, 50, 132, 2, 253})
        void shouldFlagProtocolsOtherThanTcpUdpIcmpAndIpv6(int protocol) {
            byte[] p = frame().ipv4(protocol, "203.0.113.7", "198.51.100.9", 64, 28).zeros(8).build();
            assertEquals(SpoofingHints.ABNORMAL_PROTOCOL, hints(p));
        }

        @Test
        void shouldTreatIpv6InIpv4AndIcmpv6AsNormal() {
            byte[] sixInFour = frame().ipv4(41, "203.0.113.7", "198.51.100.9", 64, 60).zeros(40).build();
            byte[] icmpv6 = frame().ipv6(IpProtocol.ICMPV6, "2001:db8::7", "2001:db8::9", 64, 8).icmp(128, 0).build();

            assertEquals(0, hints(sixInFour));
            assertEquals(0, hints(icmpv6));
        }
    }

    @Nested
    class AbnormalTcpFlags {
        @ParameterizedTest
        @ValueSource(ints = {0x002, 0x010, 0x004, 0x001, 0x003, 0x012, 0x011, 0x018, 0x019, 0x0c2, 0x152})
        void shouldAcceptCorsarosNormalCombinationsWhateverTheEcnBits(int flags) {
            assertEquals(0, hints(tcp("203.0.113.7", "198.51.100.9", 50, 1000, 2000, flags)));
        }

        @ParameterizedTest
        @ValueSource(ints = {0x000, 0x006, 0x014, 0x029, 0x03f, 0x022, 0x01c})
        void shouldFlagNullXmasAndOtherOddCombinations(int flags) {
            assertEquals(SpoofingHints.ABNORMAL_TCP_FLAGS, hints(tcp("203.0.113.7", "198.51.100.9", 50, 1000, 2000,
                    flags)));
        }
    }

    @Test
    void shouldSetSeveralBitsWhenSeveralRulesMatchAndNameThem() {
        // Given a TTL 255 option-less SYN from x.x.x.0 to itself on port 0
        int hints = hints(tcp("198.51.100.0", "198.51.100.0", 255, 0, 0, SYN));

        assertEquals(List.of("same_src_dst", "src_last_octet_0", "ttl_200_no_tcp_options", "port_zero"),
                SpoofingHints.names(hints));
        assertTrue(SpoofingHints.isSuspect(hints));
    }

    @Test
    void shouldKeepTheBitsWithinTheSummarysSixteenBits() {
        assertEquals(0, SpoofingHints.CORSARO_SPOOFED & ~0xffff);
        PacketSummary s = assertInstanceOf(DecodeResult.Decoded.class, decoder.decode(LinkTypes.RAW, 1L,
                tcp("198.51.100.0", "198.51.100.0", 255, 0, 0, 0x03f), 40, 40)).summary();
        assertEquals(SpoofingHints.CORSARO_SPOOFED & ~SpoofingHints.UDP_TO_PORT_80 & ~SpoofingHints.FRAGMENT
                & ~SpoofingHints.ABNORMAL_PROTOCOL & ~SpoofingHints.SRC_LAST_OCTET_255, s.hints());
    }
}
