package io.darkwatch.common.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketSummaryCodecTest {

    private static PacketSummary synAck(String src, String dst) {
        return new PacketSummary(1_643_673_600_123_456_789L, "sensor-1", IpAddress.parse(src), IpAddress.parse(dst),
                IpProtocol.TCP, 443, 51234, TcpFlags.SYN | TcpFlags.ACK, -1, -1, 57, 60, "UA", 12345, 3);
    }

    @Test
    void shouldRoundTripAnIpv4SynAck() {
        PacketSummary p = synAck("192.0.2.7", "198.51.100.1");
        byte[] bytes = PacketSummaryCodec.encode(p);
        assertEquals(49, bytes.length, "41 bytes of fixed fields plus the 8-byte sensor id");
        assertEquals(p, PacketSummaryCodec.decode(bytes));
    }

    @Test
    void shouldRoundTripIpv6AndIcmp() {
        PacketSummary p = new PacketSummary(5L, "s", IpAddress.parse("2001:db8::1"), IpAddress.parse("2001:db8::2"),
                IpProtocol.ICMPV6, 0, 0, 0, 1, 4, 255, 1500, "ZZ", 0, 0);
        assertEquals(p, PacketSummaryCodec.decode(PacketSummaryCodec.encode(p)));
    }

    @Test
    void shouldRejectUnknownVersionAndTruncation() {
        byte[] bytes = PacketSummaryCodec.encode(synAck("192.0.2.7", "198.51.100.1"));
        byte[] wrongVersion = bytes.clone();
        wrongVersion[0] = 9;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PacketSummaryCodec.decode(wrongVersion));
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PacketSummaryCodec.decode(Arrays.copyOf(bytes, 20)));
    }

    @Test
    void shouldClassifyBackscatterAsCorsaroDoes() {
        assertTrue(synAck("192.0.2.7", "198.51.100.1").isBackscatter());
        PacketSummary udp = new PacketSummary(0, "s", IpAddress.parse("192.0.2.7"), IpAddress.parse("192.0.2.8"),
                IpProtocol.UDP, 53, 53, 0, -1, -1, 64, 80, "US", 0, 0);
        assertEquals(false, udp.isBackscatter());
    }

    @Test
    void shouldFormatAddressesCanonically() {
        assertEquals("2001:db8::1", IpAddress.parse("2001:0db8:0000:0000:0000:0000:0000:0001").toString());
        assertEquals("::", IpAddress.parse("::").toString());
        assertEquals("2001:db8:0:1:1:1:1:1", IpAddress.parse("2001:db8:0:1:1:1:1:1").toString());
        assertEquals("10.0.0.255", IpAddress.parse("10.0.0.255").toString());
        assertTrue(IpAddress.parse("10.0.0.255").isV4());
    }
}
