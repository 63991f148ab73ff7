package io.darkwatch.geodata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The country database darkwatch ships with, used when no {@code --geoip} file is given.
 * Data © NRO, CC BY 4.0 (see ATTRIBUTION.md in this package): whatever shows results derived
 * from it must keep that attribution.
 */
public final class DefaultGeoDatabase {
    /** Classpath resource of the database. */
    public static final String RESOURCE = "/io/darkwatch/geodata/geo-whois-asn-country.mmdb";
    /** One line to print wherever results from the default database are shown. */
    public static final String ATTRIBUTION =
            "Country data: geo-whois-asn-country (ip-location-db), © NRO (nro.net), CC BY 4.0";

    private DefaultGeoDatabase() {
    }

    /** Opens the bundled database; the caller closes the stream. */
    public static InputStream open() {
        InputStream in = DefaultGeoDatabase.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new UncheckedIOException(new IOException("default GeoIP database " + RESOURCE
                    + " is missing from the classpath (is darkwatch-geodata on it?)"));
        }
        return in;
    }
}
