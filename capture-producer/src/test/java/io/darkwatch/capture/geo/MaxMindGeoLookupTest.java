package io.darkwatch.capture.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.capture.testing.TestData;
import io.darkwatch.common.packet.IpAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaxMindGeoLookupTest {
    @TempDir
    Path tmp;

    private static GeoInfo lookup(MaxMindGeoLookup geo, String address) {
        return geo.lookup(IpAddress.parse(address));
    }

    private static MaxMindGeoLookup open(String countryDb) {
        return MaxMindGeoLookup.open(Optional.of(TestData.geoip(countryDb)), Optional.empty());
    }

    @ParameterizedTest
    @CsvSource({"GeoIP2-Country-Test.mmdb", "GeoIP2-City-Test.mmdb"})
    void shouldFindTheCountryInGeoIp2CountryAndCityDatabases(String db) {
        try (MaxMindGeoLookup geo = open(db)) {
            assertEquals("GB", lookup(geo, "81.2.69.160").country());
            assertEquals("JP", lookup(geo, "2001:218::").country());
            assertEquals("SE", lookup(geo, "89.160.20.112").country());
            assertEquals(0, lookup(geo, "81.2.69.160").asn());
            assertTrue(geo.description().startsWith(db.startsWith("GeoIP2-City") ? "GeoIP2-City" : "GeoIP2-Country"),
                    geo.description());
        }
    }

    @Test
    void shouldSayUnknownForAnAddressTheDatabaseDoesNotHave() {
        try (MaxMindGeoLookup geo = open("GeoIP2-Country-Test.mmdb")) {
            assertEquals(GeoInfo.UNKNOWN, lookup(geo, "8.8.8.8"));
            assertEquals(GeoInfo.UNKNOWN, lookup(geo, "2001:db8::1"));
            assertEquals("ZZ", GeoInfo.UNKNOWN.country());
            assertEquals(0, geo.lookupErrors());
        }
    }

    @Test
    void shouldAddTheAsnAndOrganisationFromAnAsnDatabase() {
        try (MaxMindGeoLookup geo = MaxMindGeoLookup.open(Optional.of(TestData.geoip("GeoIP2-Country-Test.mmdb")),
                Optional.of(TestData.geoip("GeoLite2-ASN-Test.mmdb")))) {
            // 89.160.20.112: SE in the country test DB, AS29518 in the ASN test DB
            assertEquals(new GeoInfo("SE", 29518, "Bredband2 AB"), lookup(geo, "89.160.20.112"));
            // known to the ASN database only
            assertEquals(new GeoInfo("ZZ", 1221, "Telstra Pty Ltd"), lookup(geo, "1.128.0.0"));
            // an AS without organisation
            assertEquals(209, lookup(geo, "216.160.83.56").asn());
            assertEquals("", lookup(geo, "216.160.83.56").organization());
        }
    }

    @Test
    void shouldUseTheBundledWorldDatabaseByDefault() {
        try (MaxMindGeoLookup geo = MaxMindGeoLookup.open(Optional.empty(), Optional.empty())) {
            assertEquals("US", lookup(geo, "8.8.8.8").country());
            assertEquals("GB", lookup(geo, "81.2.69.160").country());
            assertEquals("ZZ", lookup(geo, "10.0.0.1").country(), "private addresses have no country");
            assertEquals(0, geo.lookupErrors());
            assertTrue(geo.description().contains("default database"), geo.description());
        }
    }

    @Test
    void shouldRefuseAnAsnDatabaseGivenAsTheCountryDatabase() {
        GeoDatabaseException e = assertThrows(GeoDatabaseException.class, () -> open("GeoLite2-ASN-Test.mmdb"));

        assertEquals(TestData.geoip("GeoLite2-ASN-Test.mmdb") + ": is an ASN database (type GeoLite2-ASN), not a"
                + " country database; give it as the ASN database", e.getMessage());
    }

    @Test
    void shouldRefuseACountryDatabaseGivenAsTheAsnDatabase() {
        GeoDatabaseException e = assertThrows(GeoDatabaseException.class,
                () -> MaxMindGeoLookup.open(Optional.empty(), Optional.of(TestData.geoip("GeoIP2-Country-Test.mmdb"))));

        assertTrue(e.getMessage().startsWith(TestData.geoip("GeoIP2-Country-Test.mmdb") + ": database type "
                + "'GeoIP2-Country' is not an ASN database"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GeoIP2-City-Test-Broken-Double-Format.mmdb | corrupt MaxMind database: record 3 cannot be decoded: The MaxMind"
            + " DB file's data section contains bad data: invalid size of double.",
        "GeoIP2-City-Test-Invalid-Node-Count.mmdb | corrupt MaxMind database: the metadata says 100000 nodes (700000"
            + " bytes of search tree) but the data ends at byte 22571: wrong node count or a cut file",
        "bad/libmaxminddb-corrupt-search-tree.mmdb | corrupt MaxMind database: node 1 points back at the root: the"
            + " search tree has a cycle",
        "bad/libmaxminddb-metadata-marker-only.mmdb | not a valid MaxMind database: The MaxMind DB file's data section"
            + " contains bad data: pointer larger than the database.",
        "bad/libmaxminddb-offset-integer-overflow.mmdb | not a valid MaxMind database: The MaxMind DB file's data"
            + " section contains bad data: invalid size of double."})
    void shouldFailAtOpenOnACorruptDatabaseNamingTheFileAndTheProblem(String file, String problem) {
        Path db = TestData.geoip(file);

        GeoDatabaseException e = assertThrows(GeoDatabaseException.class,
                () -> MaxMindGeoLookup.open(Optional.of(db), Optional.empty()));

        assertEquals(db + ": " + problem, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void shouldFailAtOpenOnACorruptAsnDatabaseToo() {
        Path db = TestData.geoip("bad/libmaxminddb-corrupt-search-tree.mmdb");

        GeoDatabaseException e = assertThrows(GeoDatabaseException.class,
                () -> MaxMindGeoLookup.open(Optional.empty(), Optional.of(db)));

        assertTrue(e.getMessage().startsWith(db + ": corrupt MaxMind database"), e.getMessage());
    }

    @Test
    void shouldFailAtOpenOnACutDatabase() throws IOException {
        // Given the country test database with its second half missing (as after a failed download)
        byte[] whole = Files.readAllBytes(TestData.geoip("GeoIP2-Country-Test.mmdb"));
        Path cut = Files.write(tmp.resolve("cut.mmdb"), Arrays.copyOf(whole, whole.length / 2));

        GeoDatabaseException e = assertThrows(GeoDatabaseException.class,
                () -> MaxMindGeoLookup.open(Optional.of(cut), Optional.empty()));

        assertTrue(e.getMessage().startsWith(cut + ": not a valid MaxMind database"), e.getMessage());
    }

    @Test
    void shouldNameAMissingFile() {
        Path missing = tmp.resolve("GeoLite2-Country.mmdb");

        GeoDatabaseException e = assertThrows(GeoDatabaseException.class,
                () -> MaxMindGeoLookup.open(Optional.of(missing), Optional.empty()));

        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void shouldRefuseAFileThatIsNotAMaxMindDatabase() throws IOException {
        Path text = Files.writeString(tmp.resolve("countries.csv"), "1.0.0.0,1.0.0.255,AU\n");

        GeoDatabaseException e = assertThrows(GeoDatabaseException.class,
                () -> MaxMindGeoLookup.open(Optional.of(text), Optional.empty()));

        assertTrue(e.getMessage().startsWith(text + ": not a valid MaxMind database: "), e.getMessage());
    }
}
