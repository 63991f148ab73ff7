package io.darkwatch.capture.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.darkwatch.common.packet.IpAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
