package io.darkwatch.capture.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.SpecialPurposeAddresses;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The networks MaxMindGeoLookup answers with are what a cache relies on: every address of one must
 * get the same answer from the (uncached) lookup, and none may mix special-purpose and public
 * addresses.
 */
class MaxMindNetworkAnswersTest {

    @ParameterizedTest
    @EnumSource(GeoTestDatabases.class)
    void shouldGiveEveryAddressOfAnAnswersNetworkThatSameAnswer(GeoTestDatabases databases) {
        // Given the databases and sample addresses around their networks, random ones and special ones
        AddressSamples samples = databases.samples(1);
        try (MaxMindGeoLookup geo = databases.open()) {
            int checked = 0;
            for (IpAddress a : List.copyOf(samples.addresses())) {
                // When an address is answered
                GeoAnswer answer = geo.answer(a);

                // Then its network holds it, and its first, last and random addresses get the same answer
                IpNetwork n = answer.network();
                assertTrue(n.contains(a), () -> n + " does not hold " + a);
                assertEquals(answer.info(), geo.lookup(a));
                for (IpAddress b : List.of(n.base(), AddressSamples.last(n), samples.inside(n), samples.inside(n))) {
                    assertEquals(answer.info(), geo.lookup(b), () -> a + " was answered for " + n + ", but " + b + " differs");
                    assertEquals(SpecialPurposeAddresses.isNonGlobal(a), SpecialPurposeAddresses.isNonGlobal(b),
                            () -> n + " mixes special-purpose and public addresses");
                    checked++;
                }
                for (long[] block : SpecialPurposeAddresses.ipv4Ranges()) {
                    IpAddress first = IpAddress.ofV4((int) block[0]);
                    IpAddress last = IpAddress.ofV4((int) block[1]);
                    if (!SpecialPurposeAddresses.isNonGlobal(a)) {
                        assertTrue(!n.contains(first) && !n.contains(last), () -> n + " around " + a + " holds a special block");
                    }
                }
            }
            assertTrue(checked > 100_000, "checked " + checked);
            assertEquals(0, geo.lookupErrors());
        }
    }

    @Test
    void shouldAnswerForTheIntersectionOfTheCountryAndAsnNetworks() {
        try (MaxMindGeoLookup geo = GeoTestDatabases.CITY_WITH_ASN.open()) {
            // 89.160.20.112/28 is SE in the City test database, 89.160.0.0/17 AS29518 in the ASN one
            GeoAnswer sweden = geo.answer(IpAddress.parse("89.160.20.115"));
            assertEquals(new GeoInfo("SE", 29518, "Bredband2 AB"), sweden.info());
            assertEquals("89.160.20.112/28", sweden.network().toString());

            // 1.128.0.0/11 is AS1221 in the ASN database; the City database has no record in 1.0.0.0/8
            GeoAnswer telstra = geo.answer(IpAddress.parse("1.130.4.5"));
            assertEquals(new GeoInfo("ZZ", 1221, "Telstra Pty Ltd"), telstra.info());
            assertEquals("1.128.0.0/11", telstra.network().toString());
        }
    }

    @Test
    void shouldAnswerTheBundledDatabasesNetworkForAPublicAddressAndTheBlockForAPrivateOne() {
        try (MaxMindGeoLookup geo = GeoTestDatabases.DEFAULT.open()) {
            assertEquals(new GeoAnswer(new GeoInfo("US", 0, ""), AddressSamples.parse("8.8.0.0/15")),
                    geo.answer(IpAddress.parse("8.8.8.8")));
            assertEquals(new GeoAnswer(GeoInfo.UNKNOWN, AddressSamples.parse("192.168.0.0/16")),
                    geo.answer(IpAddress.parse("192.168.2.16")));
        }
    }
}
