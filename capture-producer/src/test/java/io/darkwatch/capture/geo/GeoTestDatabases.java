package io.darkwatch.capture.geo;

import com.maxmind.db.Reader;
import io.darkwatch.capture.testing.TestData;
import io.darkwatch.geodata.DefaultGeoDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The database combinations the GeoIP property tests run on: the bundled default, MaxMind's
 * Country and City test databases, each with MaxMind's ASN test database, so networks of both
 * files intersect.
 */
enum GeoTestDatabases {
    DEFAULT(null, null),
    DEFAULT_WITH_ASN(null, "GeoLite2-ASN-Test.mmdb"),
    COUNTRY("GeoIP2-Country-Test.mmdb", null),
    CITY("GeoIP2-City-Test.mmdb", null),
    CITY_WITH_ASN("GeoIP2-City-Test.mmdb", "GeoLite2-ASN-Test.mmdb");

    private final String country;
    private final String asn;

    GeoTestDatabases(String country, String asn) {
        this.country = country;
        this.asn = asn;
    }

    MaxMindGeoLookup open() {
        return MaxMindGeoLookup.open(Optional.ofNullable(country).map(TestData::geoip),
                Optional.ofNullable(asn).map(TestData::geoip));
    }

    /**
     * Sample addresses: around the first networks of each file (the bundled database has a million,
     * so its first 3,000), many sources in one /16, random IPv4 and IPv6, special-purpose blocks.
     */
    AddressSamples samples(long seed) {
        AddressSamples samples = new AddressSamples(seed);
        for (String file : country == null ? List.of("") : List.of(country)) {
            withReader(file.isEmpty() ? null : TestData.geoip(file), r -> samples.networksOf(r, 3_000));
        }
        if (asn != null) {
            withReader(TestData.geoip(asn), r -> samples.networksOf(r, 3_000));
        }
        return samples.randomIn(AddressSamples.parse("81.2.0.0/16"), 2_000)
                .randomIn(AddressSamples.parse("2001:218::/32"), 200)
                .randomV4(20_000)
                .randomV6(2_000)
                .specialPurpose();
    }

    private static void withReader(Path file, java.util.function.Consumer<Reader> use) {
        try (Reader reader = file == null ? defaultReader() : new Reader(file.toFile())) {
            use.accept(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Reader defaultReader() throws IOException {
        try (InputStream in = DefaultGeoDatabase.open()) {
            return new Reader(in);
        }
    }
}
