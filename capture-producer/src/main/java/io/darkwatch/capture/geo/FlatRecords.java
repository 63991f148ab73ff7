package io.darkwatch.capture.geo;

import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;

/**
 * Record layouts of "flat" MaxMind DB files (such as the bundled ip-location-db database): one
 * top-level key per field instead of GeoIP2's nested {@code country.iso_code}. Decoding into these
 * small classes reads just the fields needed, cheaper than a Map per lookup. maxmind-db only
 * finds public constructors, hence the public nested classes.
 */
final class FlatRecords {
    private FlatRecords() {
    }

    /** {@code {"country_code": "XX"}}. */
    public static final class Country {
        final String countryCode;

        @MaxMindDbConstructor
        public Country(@MaxMindDbParameter(name = "country_code") String countryCode) {
            this.countryCode = countryCode;
        }
    }

    /** {@code {"autonomous_system_number": n, "autonomous_system_organization": "…"}}. */
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
