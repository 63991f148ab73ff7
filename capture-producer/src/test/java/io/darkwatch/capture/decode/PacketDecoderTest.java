package io.darkwatch.capture.decode;

import static io.darkwatch.capture.testing.Frames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.capture.testing.Frames;
import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.packet.TcpFlags;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PacketDecoderTest {
    private static final long TS = 1_700_000_000_123_456_789L;
    private static final int SYN_ACK = TcpFlags.SYN | TcpFlags.ACK;

    private final PacketDecoder decoder = new PacketDecoder("s1");

    private PacketSummary decoded(int linkType, byte[] data) {
        return decoded(linkType, data, data.length);
    }

    private PacketSummary decoded(int linkType, byte[] data, int wireLength) {
        DecodeResult r = decoder.decode(linkType, TS, data, data.length, wireLength);
        return assertInstanceOf(DecodeResult.Decoded.class, r, () -> "expected a summary, got " + r).summary();
    }

    private DecodeResult.Undecodable undecodable(int linkType, byte[] data) {
        DecodeResult r = decoder.decode(linkType, TS, data, data.length, data.length);
        return assertInstanceOf(DecodeResult.Undecodable.class, r, () -> "expected a failure, got " + r);
    }

    private static byte[] ethernetIpv4Tcp(int flags) {
        return frame().ethernet(0x0800).ipv4(IpProtocol.TCP, "192.0.2.7", "198.51.100.9", 51, 40)
                .tcp(443, 40000, flags).build();
    }

    @Nested
    class LinkLayers {
        @Test
        void shouldDecodeEthernetIpv4TcpSynAckWithEveryField() {
            // Given a SYN/ACK from 192.0.2.7:443, TTL 51, on Ethernet, 60 bytes on the wire
            byte[] data = ethernetIpv4Tcp(SYN_ACK);

            // When it is decoded
            PacketSummary s = decoded(LinkTypes.ETHERNET, data, 60);

            // Then every field is the packet's, the length is the wire length, and geo is not yet known
            assertEquals(new PacketSummary(TS, "s1", IpAddress.parse("192.0.2.7"), IpAddress.parse("198.51.100.9"),
                    IpProtocol.TCP, 443, 40000, SYN_ACK, -1, -1, 51, 60, "ZZ", 0, 0), s);
            assertTrue(s.isSynAck());
        }

        @Test
        void shouldUnwrapStackedVlanTagsOfEveryTagType() {
            // Given QinQ-in-QinQ: 802.1ad, then 0x9100, then 802.1Q, then IPv4
            byte[] data = frame().ethernet(0x88a8).vlan(0x2064, 0x9100).vlan(0x0065, 0x8100).vlan(0xe066, 0x0800)
                    .ipv4(IpProtocol.UDP, "10.1.1.1", "10.2.2.2", 64, 28).udp(5353, 53, 8).build();

            // Then the tags are skipped and the IPv4/UDP inside is decoded
            PacketSummary s = decoded(LinkTypes.ETHERNET, data);
            assertEquals(IpAddress.parse("10.1.1.1"), s.src());
            assertEquals(5353, s.srcPort());
            assertEquals(53, s.dstPort());
        }

        @Test
        void shouldDecodeLinuxCookedCaptureV1() {
            byte[] data = frame().sll(0x0800).ipv4(IpProtocol.TCP, "131.155.215.69", "137.116.81.94", 64, 40)
                    .tcp(46656, 80, TcpFlags.SYN).build();

            PacketSummary s = decoded(LinkTypes.LINUX_SLL, data);

            assertEquals(46656, s.srcPort());
            assertEquals(TcpFlags.SYN, s.tcpFlags());
        }

        @Test
        void shouldDecodeLinuxCookedCaptureV2() {
            byte[] data = frame().sll2(0x86dd).ipv6(IpProtocol.ICMPV6, "fe80::1", "ff02::1", 255, 8).icmp(128, 0)
                    .build();

            PacketSummary s = decoded(LinkTypes.LINUX_SLL2, data);

            assertEquals(IpAddress.parse("fe80::1"), s.src());
            assertEquals(128, s.icmpType());
            assertEquals(255, s.ttl());
        }

        @ParameterizedTest
        @ValueSource(ints = {LinkTypes.RAW, LinkTypes.RAW_12, LinkTypes.RAW_14, LinkTypes.IPV4, LinkTypes.IPV6})
        void shouldDecodeRawIpOfEitherVersionByItsVersionNibble(int linkType) {
            byte[] v4 = frame().ipv4(IpProtocol.UDP, "192.168.1.100", "9.9.9.9", 64, 28).udp(12345, 53, 8).build();
            byte[] v6 = frame().ipv6(IpProtocol.UDP, "2001:db8::1", "2620:fe::9", 64, 8).udp(12345, 53, 8).build();

            assertEquals(IpAddress.parse("9.9.9.9"), decoded(linkType, v4).dst());
            assertEquals(IpAddress.parse("2620:fe::9"), decoded(linkType, v6).dst());
        }

        @Test
        void shouldDecodeBsdLoopbackInTheCapturingHostsByteOrder() {
            byte[] ipv4 = frame().ipv4(IpProtocol.ICMP, "127.0.0.1", "127.0.0.1", 64, 28).icmp(8, 0).build();
            byte[] ipv6 = frame().ipv6(IpProtocol.TCP, "::1", "::1", 64, 20).tcp(1, 2, TcpFlags.RST).build();

            // AF_INET = 2 written little-endian (x86 host), AF_INET6 = 30 (macOS) big-endian, 24 (OpenBSD LOOP)
            byte[] nullLittleEndian = concat(frame().u8(2).u8(0).u8(0).u8(0).build(), ipv4);
            byte[] nullBigEndianV6 = concat(frame().u32(30).build(), ipv6);
            byte[] loopV6 = concat(frame().u32(24).build(), ipv6);
            byte[] linuxV6LittleEndian = concat(frame().u8(10).u8(0).u8(0).u8(0).build(), ipv6);

            assertEquals(8, decoded(LinkTypes.NULL, nullLittleEndian).icmpType());
            assertEquals(TcpFlags.RST, decoded(LinkTypes.NULL, nullBigEndianV6).tcpFlags());
            assertEquals(TcpFlags.RST, decoded(LinkTypes.LOOP, loopV6).tcpFlags());
            assertEquals(TcpFlags.RST, decoded(LinkTypes.NULL, linuxV6LittleEndian).tcpFlags());
        }

        @Test
        void shouldReportArpAndLlcFramesAsNotIp() {
            byte[] arp = frame().ethernet(0x0806).zeros(28).build();
            byte[] llc = frame().ethernet(0x0026).zeros(38).build();
            byte[] loopbackOther = frame().u32(7).zeros(20).build();

            assertEquals(DecodeFailure.NOT_IP, undecodable(LinkTypes.ETHERNET, arp).reason());
            assertEquals("ethertype 0x806", undecodable(LinkTypes.ETHERNET, arp).detail());
            assertEquals(DecodeFailure.NOT_IP, undecodable(LinkTypes.ETHERNET, llc).reason());
            assertEquals(DecodeFailure.NOT_IP, undecodable(LinkTypes.NULL, loopbackOther).reason());
        }

        @Test
        void shouldReportAnUnsupportedLinkTypeByNumber() {
            DecodeResult.Undecodable u = undecodable(160, new byte[23]);

            assertEquals(DecodeFailure.UNSUPPORTED_LINK_TYPE, u.reason());
            assertEquals("link type 160", u.detail());
        }

        @Test
        void shouldReportLinkHeadersCutShort() {
            assertEquals(DecodeFailure.TRUNCATED_LINK_HEADER, undecodable(LinkTypes.ETHERNET, new byte[13]).reason());
            assertEquals(DecodeFailure.TRUNCATED_LINK_HEADER, undecodable(LinkTypes.LINUX_SLL, new byte[15]).reason());
            assertEquals(DecodeFailure.TRUNCATED_LINK_HEADER, undecodable(LinkTypes.LINUX_SLL2, new byte[19]).reason());
            assertEquals(DecodeFailure.TRUNCATED_LINK_HEADER, undecodable(LinkTypes.NULL, new byte[3]).reason());
            byte[] cutTag = frame().ethernet(0x8100).u16(5).build();
            assertEquals(DecodeFailure.TRUNCATED_LINK_HEADER, undecodable(LinkTypes.ETHERNET, cutTag).reason());
        }
    }

    @Nested
    class Ipv4 {
        @Test
        void shouldSkipIpv4OptionsToFindTheTransportHeader() {
            // Given an IHL of 7 (8 bytes of options) before UDP
            byte[] data = frame().ethernet(0x0800).ipv4(IpProtocol.UDP, "10.0.0.1", "10.0.0.2", 9, 36, 0, false, 7)
                    .udp(111, 222, 8).build();

            PacketSummary s = decoded(LinkTypes.ETHERNET, data);

            assertEquals(111, s.srcPort());
            assertEquals(222, s.dstPort());
            assertEquals(9, s.ttl());
        }

        @Test
        void shouldTakePortsOnlyFromTheFirstFragment() {
            byte[] first = frame().ethernet(0x0800).ipv4(IpProtocol.TCP, "192.168.1.100", "10.0.0.5", 64, 44, 0, true, 5)
                    .tcp(12345, 80, TcpFlags.SYN).zeros(4).build();
            // a later fragment whose payload happens to start with bytes that look like ports
            byte[] later = frame().ethernet(0x0800).ipv4(IpProtocol.TCP, "192.168.1.100", "10.0.0.5", 64, 36, 3, false, 5)
                    .tcp(9999, 8888, TcpFlags.RST).build();

            PacketSummary a = decoded(LinkTypes.ETHERNET, first);
            PacketSummary b = decoded(LinkTypes.ETHERNET, later);

            assertEquals(12345, a.srcPort());
            assertEquals(TcpFlags.SYN, a.tcpFlags());
            assertEquals(IpProtocol.TCP, b.protocol());
            assertEquals(0, b.srcPort());
            assertEquals(0, b.dstPort());
            assertEquals(0, b.tcpFlags());
        }

        @Test
        void shouldNotReportAnIcmpErrorsQuotedPortsAsItsOwn() {
            // Given a port unreachable quoting the UDP datagram 192.168.1.1:53 -> 192.168.1.102:5353
            byte[] data = frame().ethernet(0x0800).ipv4(IpProtocol.ICMP, "192.168.1.102", "192.168.1.1", 64, 56)
                    .icmp(3, 3).ipv4(IpProtocol.UDP, "192.168.1.1", "192.168.1.102", 64, 28).udp(53, 5353, 8).build();

            PacketSummary s = decoded(LinkTypes.ETHERNET, data);

            assertEquals(IpProtocol.ICMP, s.protocol());
            assertEquals(3, s.icmpType());
            assertEquals(3, s.icmpCode());
            assertEquals(0, s.srcPort());
            assertEquals(0, s.dstPort());
            assertTrue(s.isBackscatter());
        }

        @Test
        void shouldNeverReadEthernetPaddingAsTransportHeader() {
            // Given IPv4 total length 23 (3 bytes of TCP), padded by Ethernet to 60 bytes
            byte[] data = frame().ethernet(0x0800).ipv4(IpProtocol.TCP, "10.0.0.1", "10.0.0.2", 64, 23)
                    .u8(0x01).u8(0xbb).u8(0x9c).zeros(23).build();

            assertEquals(DecodeFailure.TRUNCATED_TRANSPORT_HEADER, undecodable(LinkTypes.ETHERNET, data).reason());
        }

        @Test
        void shouldUseTheCapturedBytesWhenTotalLengthIsZero() {
            // TCP segmentation offload captures carry total length 0
            byte[] data = frame().ethernet(0x0800).ipv4(IpProtocol.TCP, "10.0.0.1", "10.0.0.2", 64, 0)
                    .tcp(80, 1234, TcpFlags.ACK).build();

            assertEquals(80, decoded(LinkTypes.ETHERNET, data).srcPort());
        }

        @Test
        void shouldRejectAHeaderLengthBelowTwentyBytes() {
            byte[] data = frame().ethernet(0x0800).u8(0x44).zeros(40).build();

            DecodeResult.Undecodable u = undecodable(LinkTypes.ETHERNET, data);

            assertEquals(DecodeFailure.BAD_IP_HEADER_LENGTH, u.reason());
            assertEquals("IPv4 header length 16 < 20", u.detail());
        }

        @Test
        void shouldReportAnIpHeaderCutBySnaplen() {
            byte[] full = frame().ethernet(0x0800).ipv4(IpProtocol.UDP, "10.0.0.1", "10.0.0.2", 64, 28)
                    .udp(1, 2, 8).build();
            byte[] cut = Arrays.copyOf(full, 20);
            byte[] optionsCut = Arrays.copyOf(frame().ethernet(0x0800)
                    .ipv4(IpProtocol.UDP, "10.0.0.1", "10.0.0.2", 64, 32, 0, false, 8).build(), 14 + 24);

            assertEquals(DecodeFailure.TRUNCATED_IP_HEADER, undecodable(LinkTypes.ETHERNET, cut).reason());
            assertEquals(DecodeFailure.TRUNCATED_IP_HEADER, undecodable(LinkTypes.ETHERNET, optionsCut).reason());
            assertEquals(DecodeFailure.TRUNCATED_IP_HEADER,
                    undecodable(LinkTypes.ETHERNET, frame().ethernet(0x0800).build()).reason());
        }

        @Test
        void shouldRejectAVersionThatDoesNotMatchTheEtherType() {
            byte[] v6InV4 = frame().ethernet(0x0800).ipv6(IpProtocol.UDP, "::1", "::2", 1, 8).udp(1, 2, 8).build();
            byte[] zeroIn86dd = frame().ethernet(0x86dd).zeros(48).build();
            byte[] raw5 = frame().u8(0x50).zeros(30).build();

            assertEquals(DecodeFailure.BAD_IP_VERSION, undecodable(LinkTypes.ETHERNET, v6InV4).reason());
            assertEquals(DecodeFailure.BAD_IP_VERSION, undecodable(LinkTypes.ETHERNET, zeroIn86dd).reason());
            assertEquals(DecodeFailure.BAD_IP_VERSION, undecodable(LinkTypes.RAW, raw5).reason());
        }

        @Test
        void shouldReportUnknownProtocolsWithoutPorts() {
            byte[] gre = frame().ethernet(0x0800).ipv4(47, "1.2.3.4", "5.6.7.8", 64, 28).u32(0x00000800L).zeros(4)
                    .build();

            PacketSummary s = decoded(LinkTypes.ETHERNET, gre);

            assertEquals(47, s.protocol());
            assertEquals(0, s.srcPort());
            assertEquals(-1, s.icmpType());
        }
    }

    @Nested
    class Ipv6 {
        @Test
        void shouldWalkTheWholeExtensionHeaderChain() {
            // hop-by-hop -> routing -> destination options -> AH -> TCP
            Frames f = frame().ethernet(0x86dd).ipv6(0, "2001:db8::1", "2001:db8::2", 33, 8 + 24 + 16 + 16 + 20)
                    .ipv6Options(43, 0).ipv6Options(60, 2).ipv6Options(51, 1).ah(IpProtocol.TCP, 2)
                    .tcp(4444, 22, TcpFlags.SYN | TcpFlags.ECE | TcpFlags.CWR);

            PacketSummary s = decoded(LinkTypes.ETHERNET, f.build());

            assertEquals(IpProtocol.TCP, s.protocol());
            assertEquals(4444, s.srcPort());
            assertEquals(22, s.dstPort());
            assertEquals(TcpFlags.SYN | TcpFlags.ECE | TcpFlags.CWR, s.tcpFlags());
            assertEquals(33, s.ttl());
        }

        @Test
        void shouldTakePortsFromTheFirstFragmentOnly() {
            byte[] first = frame().ethernet(0x86dd).ipv6(44, "2001:db8::53", "2001:db8::9", 60, 16)
                    .ipv6Fragment(IpProtocol.UDP, 0, true).udp(53, 51851, 1200).build();
            byte[] later = frame().ethernet(0x86dd).ipv6(44, "2001:db8::53", "2001:db8::9", 60, 16)
                    .ipv6Fragment(IpProtocol.UDP, 179, true).udp(7777, 8888, 0).build();

            PacketSummary a = decoded(LinkTypes.ETHERNET, first);
            PacketSummary b = decoded(LinkTypes.ETHERNET, later);

            assertEquals(53, a.srcPort());
            assertEquals(IpProtocol.UDP, b.protocol());
            assertEquals(0, b.srcPort());
            assertEquals(0, b.dstPort());
        }

        @Test
        void shouldReportAnExtensionHeaderCutShort() {
            // hop-by-hop says 16 bytes, only 10 captured
            byte[] data = Arrays.copyOf(frame().ethernet(0x86dd).ipv6(0, "2001:db8::1", "2001:db8::2", 1, 24)
                    .ipv6Options(IpProtocol.UDP, 1).udp(1, 2, 8).build(), 14 + 40 + 10);

            DecodeResult.Undecodable u = undecodable(LinkTypes.ETHERNET, data);

            assertEquals(DecodeFailure.TRUNCATED_IP_HEADER, u.reason());
        }

        @Test
        void shouldReportIcmpv6TypeAndCodeButNotTheQuotedPorts() {
            // packet too big (type 2) quoting an IPv6/UDP header
            byte[] data = frame().ethernet(0x86dd).ipv6(IpProtocol.ICMPV6, "fe80::dead", "fe80::beef", 64, 56)
                    .icmp(2, 0).ipv6(IpProtocol.UDP, "fe80::beef", "fe80::dead", 64, 8).udp(30000, 13000, 8).build();

            PacketSummary s = decoded(LinkTypes.ETHERNET, data);

            assertEquals(IpProtocol.ICMPV6, s.protocol());
            assertEquals(2, s.icmpType());
            assertEquals(0, s.icmpCode());
            assertEquals(0, s.srcPort());
            assertTrue(s.isBackscatter());
        }

        @Test
        void shouldReportNoNextHeaderWithoutTransportFields() {
            byte[] data = frame().ethernet(0x86dd).ipv6(59, "2001:db8::1", "2001:db8::2", 1, 0).build();

            PacketSummary s = decoded(LinkTypes.ETHERNET, data);

            assertEquals(59, s.protocol());
            assertEquals(0, s.srcPort());
        }

        @Test
        void shouldReportAnIpv6HeaderCutBySnaplen() {
            byte[] data = Arrays.copyOf(frame().ethernet(0x86dd).ipv6(IpProtocol.UDP, "::1", "::2", 1, 8).build(), 50);

            assertEquals(DecodeFailure.TRUNCATED_IP_HEADER, undecodable(LinkTypes.ETHERNET, data).reason());
        }
    }

    @Nested
    class Transport {
        @Test
        void shouldReadTheNinthFlagBitAccurateEcn() {
            int flags = TcpFlags.AE | TcpFlags.CWR | TcpFlags.ECE | TcpFlags.SYN;

            assertEquals(0x1c2, decoded(LinkTypes.ETHERNET, ethernetIpv4Tcp(flags)).tcpFlags());
        }

        @Test
        void shouldKeepPortsButReportNoFlagsWhenSnaplenCutsTheFlags() {
            // Given only the first 12 bytes of the TCP header were captured (snaplen 46)
            byte[] cut = Arrays.copyOf(ethernetIpv4Tcp(SYN_ACK), 14 + 20 + 12);

            // Then the ports are there and the flags are reported as none
            PacketSummary s = decoded(LinkTypes.ETHERNET, cut, 262144);
            assertEquals(443, s.srcPort());
            assertEquals(40000, s.dstPort());
            assertEquals(0, s.tcpFlags());
            assertEquals(262144, s.length());
        }

        @Test
        void shouldKeepFlagsWhenOnlyTcpOptionsAreCut() {
            byte[] cut = Arrays.copyOf(ethernetIpv4Tcp(TcpFlags.SYN), 14 + 20 + 14);

            assertEquals(TcpFlags.SYN, decoded(LinkTypes.ETHERNET, cut).tcpFlags());
        }

        @Test
        void shouldRejectTransportHeadersWithoutBothPorts() {
            byte[] tcp3 = Arrays.copyOf(ethernetIpv4Tcp(TcpFlags.SYN), 14 + 20 + 3);
            byte[] udp3 = Arrays.copyOf(frame().ethernet(0x0800).ipv4(IpProtocol.UDP, "1.1.1.1", "2.2.2.2", 1, 28)
                    .udp(1, 2, 8).build(), 14 + 20 + 3);
            byte[] icmp1 = Arrays.copyOf(frame().ethernet(0x0800).ipv4(IpProtocol.ICMP, "1.1.1.1", "2.2.2.2", 1, 28)
                    .icmp(0, 0).build(), 14 + 20 + 1);

            assertEquals(DecodeFailure.TRUNCATED_TRANSPORT_HEADER, undecodable(LinkTypes.ETHERNET, tcp3).reason());
            assertEquals(DecodeFailure.TRUNCATED_TRANSPORT_HEADER, undecodable(LinkTypes.ETHERNET, udp3).reason());
            assertEquals(DecodeFailure.TRUNCATED_TRANSPORT_HEADER, undecodable(LinkTypes.ETHERNET, icmp1).reason());
        }

        @Test
        void shouldReadSctpPortsLikeUdp() {
            byte[] sctp = frame().ethernet(0x0800).ipv4(132, "1.1.1.1", "2.2.2.2", 1, 32).u16(2905).u16(2906)
                    .zeros(8).build();

            PacketSummary s = decoded(LinkTypes.ETHERNET, sctp);

            assertEquals(2905, s.srcPort());
            assertEquals(2906, s.dstPort());
        }
    }

    @Test
    void shouldClampACapturedLengthLargerThanTheBuffer() {
        byte[] data = ethernetIpv4Tcp(TcpFlags.SYN);

        DecodeResult r = decoder.decode(LinkTypes.ETHERNET, TS, data, data.length + 100, data.length);

        assertInstanceOf(DecodeResult.Decoded.class, r);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
