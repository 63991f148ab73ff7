package io.darkwatch.capture.geo;

import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;

/**
 * The few fields darkwatch reads from MaxMind DB records, as classes maxmind-db's decoder fills
 * in: only these keys are decoded (the rest of a record is skipped), cheaper than a Map or GeoIP2's
 * full response models per lookup. maxmind-db only finds public constructors, hence the public
 * nested classes.
 */
final class MmdbRecords {
    private MmdbRecords() {
    }

    /** A "flat" country record (such as the bundled ip-location-db database): {@code {"country_code": "XX"}}. */
    public static final class FlatCountry {
        final String countryCode;

        @MaxMindDbConstructor
        public FlatCountry(@MaxMindDbParameter(name = "country_code") String countryCode) {
            this.countryCode = countryCode;
        }
    }

    /**
     * A GeoIP2/GeoLite2 Country or City record: {@code country.iso_code}, or
     * {@code registered_country.iso_code} when the location is not known (e.g. anycast ranges), as
     * GeoIP2's {@code CountryResponse}/{@code CityResponse} give them.
     */
    public static final class GeoIp2Country {
        final String isoCode;

        @MaxMindDbConstructor
        public GeoIp2Country(@MaxMindDbParameter(name = "country") IsoCode country,
                @MaxMindDbParameter(name = "registered_country") IsoCode registeredCountry) {
            String located = country == null ? null : country.isoCode;
            this.isoCode = located != null ? located : registeredCountry == null ? null : registeredCountry.isoCode;
        }
    }

    /** {@code {"iso_code": "XX", …}} inside a GeoIP2 record. */
    public static final class IsoCode {
        final String isoCode;

        @MaxMindDbConstructor
        public IsoCode(@MaxMindDbParameter(name = "iso_code") String isoCode) {
            this.isoCode = isoCode;
        }
    }

    /**
     * {@code {"autonomous_system_number": n, "autonomous_system_organization": "…"}}: the layout of
     * GeoLite2/GeoIP2 ASN records and of flat ASN databases alike.
     */
    public static final class Asn {
        final Long number;
        final String organization;

        @MaxMindDbConstructor
        public Asn(@MaxMindDbParameter(name = "autonomous_system_number") Long number,
                @MaxMindDbParameter(name = "autonomous_system_organization") String organization) {
            this.number = number;
            this.organization = organization;
        }
    }
}
