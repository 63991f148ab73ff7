package io.darkwatch.capture.decode;

import static io.darkwatch.capture.testing.Frames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.capture.read.CaptureFiles;
import io.darkwatch.capture.read.CaptureFrame;
import io.darkwatch.capture.read.CaptureReader;
import io.darkwatch.capture.testing.TestData;
import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.packet.TcpFlags;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IcmpQuotedHeaderTest {
    private final PacketDecoder decoder = new PacketDecoder("s1");

    private DecodeResult.Decoded onlyPacketOf(String capture) {
        try (CaptureReader reader = CaptureFiles.open(TestData.capture(capture))) {
            CaptureFrame frame = reader.next();
            assertNotNull(frame, capture + " is empty");
            assertNull(reader.next(), capture + " should hold one packet");
            DecodeResult r = decoder.decode(frame);
            return assertInstanceOf(DecodeResult.Decoded.class, r, () -> "expected a summary, got " + r);
        }
    }

    private DecodeResult.Decoded decodeRaw(byte[] ipPacket) {
        DecodeResult r = decoder.decode(LinkTypes.RAW, 1L, ipPacket, ipPacket.length, ipPacket.length);
        return assertInstanceOf(DecodeResult.Decoded.class, r, () -> "expected a summary, got " + r);
    }

    @Test
    void shouldReadTheUdpFlowQuotedByAPortUnreachable() {
        // Given zeek's capture of 192.168.1.102 telling 192.168.1.1 that UDP port 59207 is unreachable
        // (tcpdump: "ICMP 192.168.1.102 udp port 59207 unreachable"; the quote is a DNS answer from port 53)
        DecodeResult.Decoded d = onlyPacketOf("zeek__icmp_icmp-destunreach-udp.pcap");

        // Then the packet itself keeps no ports, as tshark shows it
        PacketSummary s = d.summary();
        assertEquals(IpProtocol.ICMP, s.protocol());
        assertEquals(3, s.icmpType());
        assertEquals(3, s.icmpCode());
        assertEquals(0, s.srcPort());
        assertEquals(0, s.dstPort());
        // And the quoted header is the DNS answer 192.168.1.1:53 -> 192.168.1.102:59207
        assertEquals(Optional.of(new QuotedHeader(IpAddress.parse("192.168.1.1"), IpAddress.parse("192.168.1.102"),
                IpProtocol.UDP, 53, 59207)), d.quoted());
    }

    @Test
    void shouldReadTheUdpFlowQuotedByAnIcmpv6PacketTooBig() {
        // Given zeek's ICMPv6 packet-too-big from fe80::dead to fe80::beef (mtu 1280)
        DecodeResult.Decoded d = onlyPacketOf("zeek__icmp_icmp6-toobig.pcap");

        assertEquals(IpProtocol.ICMPV6, d.summary().protocol());
        assertEquals(2, d.summary().icmpType());
        assertEquals(0, d.summary().srcPort());
        // Then the quote is the UDP datagram fe80::beef:30000 -> fe80::dead:13000 that was too big
        assertEquals(Optional.of(new QuotedHeader(IpAddress.parse("fe80::beef"), IpAddress.parse("fe80::dead"),
                IpProtocol.UDP, 30000, 13000)), d.quoted());
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 11, 12})
    void shouldReadTheQuoteOfEveryIcmpErrorType(int type) {
        // Given backscatter: a victim's ICMP error quoting a SYN that claimed to come from the darknet
        byte[] p = frame().ipv4(IpProtocol.ICMP, "203.0.113.7", "198.51.100.9", 50, 56).icmp(type, 0)
                .ipv4(IpProtocol.TCP, "198.51.100.9", "203.0.113.7", 240, 40).tcp(1234, 443, TcpFlags.SYN).build();

        DecodeResult.Decoded d = decodeRaw(p);

        assertEquals(Optional.of(new QuotedHeader(IpAddress.parse("198.51.100.9"), IpAddress.parse("203.0.113.7"),
                IpProtocol.TCP, 1234, 443)), d.quoted());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 8, 13, 14})
    void shouldNotLookForAQuoteInQueriesAndReplies(int type) {
        byte[] p = frame().ipv4(IpProtocol.ICMP, "203.0.113.7", "198.51.100.9", 50, 56).icmp(type, 0)
                .ipv4(IpProtocol.TCP, "198.51.100.9", "203.0.113.7", 240, 40).tcp(1234, 443, TcpFlags.SYN).build();
        assertEquals(Optional.empty(), decodeRaw(p).quoted());
    }

    @Test
    void shouldGiveAddressesAndProtocolButNoPortsWhenTheQuoteEndsEarly() {
        // Given a time-exceeded whose quote was cut right after the IPv4 header
        byte[] p = frame().ipv4(IpProtocol.ICMP, "203.0.113.7", "198.51.100.9", 50, 48).icmp(11, 0)
                .ipv4(IpProtocol.UDP, "198.51.100.9", "203.0.113.7", 1, 28).build();

        assertEquals(Optional.of(new QuotedHeader(IpAddress.parse("198.51.100.9"), IpAddress.parse("203.0.113.7"),
                IpProtocol.UDP, 0, 0)), decodeRaw(p).quoted());
    }

    @Test
    void shouldGiveNoQuoteWhenTheQuotedHeaderIsNotCapturedOrNotIpv4() {
        byte[] cut = frame().ipv4(IpProtocol.ICMP, "203.0.113.7", "198.51.100.9", 50, 38).icmp(3, 1)
                .u8(0x45).zeros(9).build();
        byte[] notIpv4 = frame().ipv4(IpProtocol.ICMP, "203.0.113.7", "198.51.100.9", 50, 56).icmp(3, 1)
                .ipv6(IpProtocol.UDP, "2001:db8::1", "2001:db8::2", 1, 8).build();

        assertEquals(Optional.empty(), decodeRaw(cut).quoted());
        assertEquals(Optional.empty(), decodeRaw(notIpv4).quoted());
    }

    @Test
    void shouldWalkExtensionHeadersInAQuotedIpv6Packet() {
        // Given a destination-unreachable quoting a TCP segment behind a hop-by-hop header
        byte[] p = frame().ipv6(IpProtocol.ICMPV6, "2001:db8::7", "2001:db8::9", 60, 8 + 40 + 8 + 20).icmp(1, 4)
                .ipv6(0, "2001:db8::9", "2001:db8::7", 64, 28).ipv6Options(IpProtocol.TCP, 0)
                .tcp(40000, 22, TcpFlags.SYN).build();

        DecodeResult.Decoded d = decodeRaw(p);

        assertEquals(Optional.of(new QuotedHeader(IpAddress.parse("2001:db8::9"), IpAddress.parse("2001:db8::7"),
                IpProtocol.TCP, 40000, 22)), d.quoted());
        assertTrue(d.summary().isBackscatter());
    }
}
