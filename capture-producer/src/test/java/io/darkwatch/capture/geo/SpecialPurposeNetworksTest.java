package io.darkwatch.capture.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.SpecialPurposeAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpecialPurposeNetworksTest {
    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void shouldCutANetworkAroundAPublicIpv4AddressSoItHoldsNoSpecialPurposeAddress() {
        // Given public addresses: the neighbours of every special block and random ones
        List<IpAddress> publicAddresses = new ArrayList<>();
        for (long[] r : SpecialPurposeAddresses.ipv4Ranges()) {
            publicAddresses.add(IpAddress.ofV4((int) (r[0] - 1)));
            publicAddresses.add(IpAddress.ofV4((int) (r[1] + 1)));
        }
        for (int i = 0; i < 20_000; i++) {
            publicAddresses.add(IpAddress.ofV4(random.nextInt()));
        }
        for (IpAddress a : publicAddresses) {
            if (SpecialPurposeAddresses.isNonGlobal(a)) {
                continue;
            }
            // When a database network around it, from all of IPv4 to the address alone, is cut
            int prefix = 96 + random.nextInt(33);
            IpNetwork n = SpecialPurposeNetworks.aroundGlobal(a, prefix);

            // Then it still holds the address, is not wider than asked, and holds no special block
            assertTrue(n.contains(a), n + " lost " + a);
            assertTrue(n.prefixLength() >= prefix && n.isV4(), n::toString);
            for (long[] r : SpecialPurposeAddresses.ipv4Ranges()) {
                assertFalse(n.contains(IpAddress.ofV4((int) r[0])), () -> n + " around " + a + " holds a special block");
            }
        }
    }

    @Test
    void shouldCutTheWholeIpv4SpaceAroundAPublicAddressJustPastTheNearestBlock() {
        // 11.0.0.1: the IPv4 space minus the blocks leaves 11.0.0.0/8 (10/8 and 0/8 are special)
        assertEquals("11.0.0.0/8", SpecialPurposeNetworks.aroundGlobal(IpAddress.parse("11.0.0.1"), 96).toString());
        // 192.0.1.7: 192.0.0.0/24 and 192.0.2.0/24 are special, so only 192.0.1.0/24 is left
        assertEquals("192.0.1.0/24", SpecialPurposeNetworks.aroundGlobal(IpAddress.parse("192.0.1.7"), 96).toString());
        // a database network narrower than the cut is kept
        assertEquals("8.8.0.0/15", SpecialPurposeNetworks.aroundGlobal(IpAddress.parse("8.8.8.8"), 96 + 15).toString());
    }

    @Test
    void shouldKeepASpecialPurposeAddressInsideItsBlock() {
        for (String address : List.of("10.1.2.3", "192.168.2.16", "203.0.113.5", "224.0.0.1", "2001:db8::1", "fe80::1",
                "ff02::1", "fd00:1::2", "::1", "::")) {
            IpAddress a = IpAddress.parse(address);
            IpNetwork n = SpecialPurposeNetworks.aroundNonGlobal(a);

            assertTrue(n.contains(a), n::toString);
            assertTrue(SpecialPurposeAddresses.isNonGlobal(n.base()), n::toString);
            assertTrue(SpecialPurposeAddresses.isNonGlobal(AddressSamples.last(n)), n::toString);
        }
        assertEquals("10.0.0.0/8", SpecialPurposeNetworks.aroundNonGlobal(IpAddress.parse("10.1.2.3")).toString());
        assertEquals("::1/128", SpecialPurposeNetworks.aroundNonGlobal(IpAddress.parse("::1")).toString());
    }

    @Test
    void shouldNeverGiveAnIpv6NetworkWiderThanA64OrAnyInsideTheFirst64() {
        assertEquals("2001:218::/64", SpecialPurposeNetworks.aroundGlobal(IpAddress.parse("2001:218::1"), 32).toString());
        assertEquals("2001:218::1:0:0/96",
                SpecialPurposeNetworks.aroundGlobal(IpAddress.parse("2001:218::1:0:1"), 96).toString());
        assertEquals("::2/128", SpecialPurposeNetworks.aroundGlobal(IpAddress.parse("::2"), 0).toString());
    }

    /**
     * SpecialPurposeNetworks relies on common's IPv6 blocks being decided by the upper 64 bits (all
     * /64 or shorter) apart from :: and ::1, since common does not publish its IPv6 list. A /96
     * block added there would make this fail.
     */
    @Test
    void shouldFindIpv6SpecialPurposeDecidedByTheUpper64BitsAlone() {
        List<Long> highs = new ArrayList<>();
        for (String block : AddressSamples.SPECIAL_V6) {
            IpNetwork n = AddressSamples.parse(block);
            highs.add(n.base().high());
            highs.add(n.base().high() - 1);
            highs.add(AddressSamples.last(n).high());
            highs.add(AddressSamples.last(n).high() + 1);
        }
        for (int i = 0; i < 20_000; i++) {
            highs.add(random.nextLong());
        }
        for (long high : highs) {
            if (high == 0) {
                continue;
            }
            boolean first = SpecialPurposeAddresses.isNonGlobal(new IpAddress(high, 0));
            for (long low : new long[] {-1L, 1L, random.nextLong(), 0x0000_ffff_0102_0304L}) {
                assertEquals(first, SpecialPurposeAddresses.isNonGlobal(new IpAddress(high, low)),
                        () -> "special-purpose status changes inside the /64 " + Long.toHexString(high));
            }
        }
    }
}
