package io.darkwatch.simulator.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.simulator.scenario.Ipv4Cidr;
import io.darkwatch.simulator.testing.GeoFixtures;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CountryAddressBookTest {

    @Test
    void shouldDrawAddressesThatGeolocateToTheirCountry() {
        // Given the bundled database as an address book
        CountryAddressBook book = GeoFixtures.addressBook();
        SplittableRandom random = new SplittableRandom(7);

        // When addresses are drawn for countries large and small, Then the database places each in its country
        for (String code : List.of("US", "CN", "UA", "KZ", "BG", "SG", "IS")) {
            AddressPool pool = book.pool(code);
            for (int i = 0; i < 300; i++) {
                int address = pool.pick(random);
                assertEquals(code, GeoFixtures.countryOf(address), "drawn for " + code + ": "
                        + IpAddress.ofV4(address));
            }
        }
    }

    @Test
    void shouldLeaveOutReservedRangesTheDatabaseAssignsACountry() {
        // Given the bundled database, which (wrongly) places 192.168.0.0/16 and 203.0.113.0/24 in AU
        assertEquals("AU", GeoFixtures.countryOf(Ipv4Cidr.parseAddress("192.168.1.1")));
        assertEquals("AU", GeoFixtures.countryOf(Ipv4Cidr.parseAddress("203.0.113.5")));

        // Then the address book does not offer them as sources
        AddressPool au = GeoFixtures.addressBook().pool("AU");
        assertFalse(au.contains(Ipv4Cidr.parseAddress("192.168.1.1")));
        assertFalse(au.contains(Ipv4Cidr.parseAddress("203.0.113.5")));
        assertTrue(au.contains(Ipv4Cidr.parseAddress("1.0.0.1")));
    }

    @Test
    void shouldKnowAboutEveryCountryAndNameTheMissingOne() {
        CountryAddressBook book = GeoFixtures.addressBook();
        assertTrue(book.countries().size() > 200, "countries " + book.countries().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> book.pool("XX"));
        assertTrue(e.getMessage().contains("XX"));
    }

    @Test
    void shouldReadBothRecordLayouts() {
        assertEquals("US", CountryAddressBook.countryOf(Map.of("country_code", "US")));
        assertEquals("DE", CountryAddressBook.countryOf(Map.of("country", Map.of("iso_code", "DE"))));
        assertEquals("FR", CountryAddressBook.countryOf(Map.of("registered_country", Map.of("iso_code", "FR"))));
        assertEquals(null, CountryAddressBook.countryOf(Map.of("continent", Map.of("code", "EU"))));
    }
}
