package io.darkwatch.capture.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.darkwatch.common.packet.IpAddress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
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

    @Test
    void shouldCountOneDatabaseLookupPerNetworkBehindTheNetworkCache() {
        // Given the bundled database, metered, behind the cache
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (MaxMindGeoLookup database = MaxMindGeoLookup.open(Optional.empty(), Optional.empty())) {
            GeoLookup geo = new CachingGeoLookup(new MeteredGeoLookup(database, registry), 64);

            // When three sources of 81.2.64.0/18 (GB) and two of 10.0.0.0/8 (private) are looked up
            for (String source : List.of("81.2.69.160", "81.2.100.1", "81.2.127.254", "10.0.0.1", "10.200.3.4")) {
                geo.lookup(IpAddress.parse(source));
            }

            // Then the database saw one lookup per network, one of them without a country
            assertEquals(2, registry.get("darkwatch.geoip.lookup").timer().count());
            assertEquals(1.0, registry.get("darkwatch.geoip.unknown").counter().count());
        }
    }
}
