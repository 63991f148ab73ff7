package io.darkwatch.capture.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.record.Country;
import io.darkwatch.capture.testing.TestData;
import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.SpecialPurposeAddresses;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * MaxMindGeoLookup decodes just the fields it needs with maxmind-db; MaxMind's own GeoIP2 API is
 * the reference: same country (location, else registered country), ASN and organisation for every
 * sample address of the City and ASN test databases.
 */
class GeoIp2AgreementTest {

    @Test
    void shouldAnswerAsMaxMindsGeoIp2ReaderDoes() throws Exception {
        try (DatabaseReader city = new DatabaseReader.Builder(TestData.geoip("GeoIP2-City-Test.mmdb").toFile()).build();
                DatabaseReader asn = new DatabaseReader.Builder(TestData.geoip("GeoLite2-ASN-Test.mmdb").toFile()).build();
                MaxMindGeoLookup geo = GeoTestDatabases.CITY_WITH_ASN.open()) {
            int known = 0;
            for (IpAddress a : GeoTestDatabases.CITY_WITH_ASN.samples(4).addresses()) {
                GeoInfo expected = SpecialPurposeAddresses.isNonGlobal(a) ? GeoInfo.UNKNOWN : reference(city, asn, a);
                assertEquals(expected, geo.lookup(a), a::toString);
                known += expected.equals(GeoInfo.UNKNOWN) ? 0 : 1;
            }
            assertTrue(known > 1_000, known + " addresses with a country or AS");
        }
    }

    private static GeoInfo reference(DatabaseReader city, DatabaseReader asn, IpAddress a) throws Exception {
        Optional<CityResponse> c = city.tryCity(a.toInetAddress());
        String country = c.map(r -> isoCode(r.getCountry(), r.getRegisteredCountry())).orElse(null);
        Optional<AsnResponse> as = asn.tryAsn(a.toInetAddress());
        Long number = as.map(AsnResponse::getAutonomousSystemNumber).orElse(null);
        if (country == null && number == null) {
            return GeoInfo.UNKNOWN;
        }
        return new GeoInfo(country == null ? "ZZ" : country, number == null ? 0 : number.intValue(),
                number == null || as.get().getAutonomousSystemOrganization() == null ? ""
                        : as.get().getAutonomousSystemOrganization());
    }

    private static String isoCode(Country location, Country registered) {
        return location.getIsoCode() != null ? location.getIsoCode() : registered.getIsoCode();
    }
}
