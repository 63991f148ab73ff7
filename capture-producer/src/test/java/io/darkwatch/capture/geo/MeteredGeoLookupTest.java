package io.darkwatch.capture.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.darkwatch.common.packet.IpAddress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class MeteredGeoLookupTest {
    @Test
    void shouldTimeDatabaseLookupsBehindTheCacheAndCountThoseWithoutACountry() {
        // Given a database that knows only 192.0.2.0/24's neighbour 198.51.100.7, behind a cache
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GeoLookup database = a -> a.equals(IpAddress.parse("198.51.100.7")) ? new GeoInfo("DE", 0, "") : GeoInfo.UNKNOWN;
        GeoLookup geo = new CachingGeoLookup(new MeteredGeoLookup(database, registry), 64);

        // When one known address is looked up three times and one unknown address twice
        for (int i = 0; i < 3; i++) {
            geo.lookup(IpAddress.parse("198.51.100.7"));
        }
        geo.lookup(IpAddress.parse("203.0.113.9"));
        geo.lookup(IpAddress.parse("203.0.113.9"));

        // Then the database saw two lookups (the cache answered the rest), one of them without a country
        assertEquals(2, registry.get("darkwatch.geoip.lookup").timer().count());
        assertEquals(1.0, registry.get("darkwatch.geoip.unknown").counter().count());
    }
}
