package io.darkwatch.capture.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.packet.IpAddress;
import org.junit.jupiter.api.Test;

class IpNetworkTest {
    @Test
    void shouldHoldIpv4BlocksInsideTheMappedSpace() {
        IpNetwork gb = IpNetwork.around(IpAddress.parse("81.2.69.160"), 96 + 18);

        assertEquals("81.2.64.0/18", gb.toString());
        assertTrue(gb.isV4());
        assertTrue(gb.contains(IpAddress.parse("81.2.127.255")));
        assertFalse(gb.contains(IpAddress.parse("81.2.128.0")));
        assertFalse(gb.contains(IpAddress.parse("::5102:4000")), "an IPv4-compatible IPv6 address is not IPv4");
    }

    @Test
    void shouldMaskBothHalvesOfAnIpv6Address() {
        IpNetwork n = IpNetwork.around(IpAddress.parse("2001:218:1:2:3:4:5:6"), 80);

        assertEquals("2001:218:1:2:3::/80", n.toString());
        assertTrue(n.contains(IpAddress.parse("2001:218:1:2:3:ffff:ffff:ffff")));
        assertFalse(n.contains(IpAddress.parse("2001:218:1:2:4::")));
        assertTrue(IpNetwork.around(IpAddress.parse("2001:218::"), 0).contains(IpAddress.parse("1.2.3.4")));
        assertTrue(IpNetwork.single(IpAddress.parse("2001:218::1")).contains(IpAddress.parse("2001:218::1")));
        assertFalse(IpNetwork.single(IpAddress.parse("2001:218::1")).contains(IpAddress.parse("2001:218::")));
    }

    @Test
    void shouldRefuseABaseWithHostBitsOrAPrefixOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new IpNetwork(IpAddress.parse("81.2.69.161"), 96 + 27));
        assertThrows(IllegalArgumentException.class, () -> new IpNetwork(IpAddress.parse("2001:218::1"), 64));
        assertThrows(IllegalArgumentException.class, () -> new IpNetwork(IpAddress.parse("::"), 129));
        assertThrows(IllegalArgumentException.class, () -> IpNetwork.around(IpAddress.parse("::"), -1));
    }
}
