package io.darkwatch.capture.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.darkwatch.common.packet.IpAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CachingGeoLookupTest {
    private final List<IpAddress> asked = new ArrayList<>();
    /** A stand-in database: the country follows the last octet, so a wrong cache hit would show. */
    private final GeoLookup database = address -> {
        asked.add(address);
        return new GeoInfo(address.v4() % 2 == 0 ? "DE" : "FR", address.v4() & 0xff, "");
    };

    @Test
    void shouldAskTheDatabaseOncePerRepeatedAddress() {
        CachingGeoLookup cache = new CachingGeoLookup(database, 1024);
        IpAddress scanner = IpAddress.parse("198.51.100.7");

        for (int i = 0; i < 100; i++) {
            assertEquals(new GeoInfo("FR", 7, ""), cache.lookup(scanner));
        }

        assertEquals(List.of(scanner), asked);
    }

    @Test
    void shouldCachePerAddressNotPerPrefix() {
        CachingGeoLookup cache = new CachingGeoLookup(database, 1024);

        GeoInfo a = cache.lookup(IpAddress.parse("203.0.113.1"));
        GeoInfo b = cache.lookup(IpAddress.parse("203.0.113.2"));

        assertEquals("FR", a.country());
        assertEquals("DE", b.country());
        assertEquals(2, asked.size());
    }

    @Test
    void shouldStayCorrectWhenMoreAddressesThanSlotsCompete() {
        // Given a cache of 16 slots and 5000 different addresses looked up twice
        CachingGeoLookup cache = new CachingGeoLookup(database, 16);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5000; i++) {
                IpAddress a = IpAddress.ofV4(0x0a000000 + i);
                // Then every answer is still the database's answer for that exact address
                assertEquals(i % 2 == 0 ? "DE" : "FR", cache.lookup(a).country());
                assertEquals(i & 0xff, cache.lookup(a).asn());
            }
        }
    }

    @Test
    void shouldRefuseAnUnboundedCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new CachingGeoLookup(database, 0));
        assertThrows(IllegalArgumentException.class, () -> new CachingGeoLookup(database, 1 << 25));
    }

    /** A stand-in database that knows its networks: every address of a block gets the block's answer. */
    private GeoLookup databaseOfBlocks(int v4PrefixLength) {
        return answering(address -> {
            IpNetwork block = IpNetwork.around(address, 96 + v4PrefixLength);
            return new GeoAnswer(new GeoInfo((block.base().v4() >>> (32 - v4PrefixLength)) % 2 == 0 ? "DE" : "FR",
                    0, ""), block);
        });
    }

    /** A stand-in database that gives {@code answers}, noting every address it is asked. */
    private GeoLookup answering(java.util.function.Function<IpAddress, GeoAnswer> answers) {
        return new GeoLookup() {
            @Override
            public GeoInfo lookup(IpAddress address) {
                return answer(address).info();
            }

            @Override
            public GeoAnswer answer(IpAddress address) {
                asked.add(address);
                return answers.apply(address);
            }
        };
    }

    @Test
    void shouldLookUpANetworkOnceForAllItsSources() {
        // Given a database of /16 networks behind the cache
        CachingGeoLookup cache = new CachingGeoLookup(databaseOfBlocks(16), 1024);

        // When 1000 different sources of 81.2.0.0/16 are looked up
        for (int i = 0; i < 1000; i++) {
            assertEquals("DE", cache.lookup(IpAddress.ofV4(0x5102_0000 + i * 37)).country());
        }

        // Then the database was asked once, and a source of the next /16 is asked again
        assertEquals(1, asked.size());
        assertEquals("FR", cache.lookup(IpAddress.parse("81.3.0.1")).country());
        assertEquals(2, asked.size());
    }

    @Test
    void shouldAskAgainForASourceOutsideACachedNetworkLongerThanA24() {
        // Given a database of /28 networks: 81.2.69.144/28 and 81.2.69.160/28 share a /24
        CachingGeoLookup cache = new CachingGeoLookup(databaseOfBlocks(28), 1024);

        GeoInfo first = cache.lookup(IpAddress.parse("81.2.69.145"));
        GeoInfo second = cache.lookup(IpAddress.parse("81.2.69.170"));
        GeoInfo again = cache.lookup(IpAddress.parse("81.2.69.150"));

        // Then each answer is its own /28's (…144/28 is block 0x5102459 → FR, …160/28 → DE)
        assertEquals("FR", first.country());
        assertEquals("DE", second.country());
        assertEquals("FR", again.country());
        assertEquals(3, asked.size(), "the /28s take turns in their /24's slot");
    }

    @Test
    void shouldNotKeepAnAnswerWhoseNetworkDoesNotHoldTheAddress() {
        // Given a broken database that answers for another network
        GeoLookup broken = answering(address -> new GeoAnswer(new GeoInfo("DE", 0, ""),
                AddressSamples.parse("10.0.0.0/8")));
        CachingGeoLookup cache = new CachingGeoLookup(broken, 1024);

        cache.lookup(IpAddress.parse("81.2.69.160"));
        cache.lookup(IpAddress.parse("81.2.69.160"));
        cache.lookup(IpAddress.parse("10.1.1.1"));

        assertEquals(3, asked.size());
    }

    /**
     * The cache against the uncached lookup on real databases: networks of every width (/7 to /31 and
     * IPv6), many sources of one /16, random and special-purpose addresses, visited in random order
     * three times, in a cache of 16 slots (constant eviction) and one of the production size.
     */
    @ParameterizedTest
    @EnumSource(GeoTestDatabases.class)
    void shouldAnswerEveryAddressAsTheUncachedDatabaseDoes(GeoTestDatabases databases) {
        List<IpAddress> addresses = new ArrayList<>(databases.samples(2).addresses());
        try (MaxMindGeoLookup geo = databases.open()) {
            for (int capacity : new int[] {16, 1 << 16}) {
                CachingGeoLookup cache = new CachingGeoLookup(geo, capacity);
                Random order = new Random(capacity);
                for (int round = 0; round < 3; round++) {
                    Collections.shuffle(addresses, order);
                    for (IpAddress a : addresses) {
                        GeoInfo expected = geo.lookup(a);
                        assertEquals(expected, cache.lookup(a), () -> "cache of " + capacity + " slots, " + a);
                    }
                }
            }
        }
    }
}
