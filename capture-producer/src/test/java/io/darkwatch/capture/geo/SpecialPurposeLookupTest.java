package io.darkwatch.capture.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.darkwatch.common.packet.IpAddress;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecialPurposeLookupTest {

    @ParameterizedTest
    @ValueSource(strings = {"192.168.2.16", "172.16.0.1", "203.0.113.5", "2001:db8::1"})
    void shouldNotLetTheBundledDatabasePlacePrivateOrDocumentationAddressesInACountry(String address) {
        // the bundled database maps these to AU / JP (the administering registry's region)
        try (MaxMindGeoLookup geo = MaxMindGeoLookup.open(Optional.empty(), Optional.empty())) {
            assertEquals(GeoInfo.UNKNOWN, geo.lookup(IpAddress.parse(address)));
        }
    }
}
