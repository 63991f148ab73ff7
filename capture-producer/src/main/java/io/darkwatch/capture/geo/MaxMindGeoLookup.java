package io.darkwatch.capture.geo;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.model.CountryResponse;
import com.maxmind.geoip2.record.Country;
import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.SpecialPurposeAddresses;
import io.darkwatch.geodata.DefaultGeoDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Country (and optionally ASN) of an address from MaxMind DB files: one country database and an
 * optional ASN database.
 *
 * <p>The kind of each file is taken from its metadata's database type:
 * <ul>
 *   <li>GeoIP2/GeoLite2 Country or City: GeoIP2's {@code DatabaseReader} ({@code tryCountry} /
 *       {@code tryCity}); the country is {@code country.iso_code}, or {@code registered_country}
 *       when the location is not known (e.g. anycast ranges);</li>
 *   <li>GeoLite2/GeoIP2 ASN: {@code tryAsn};</li>
 *   <li>anything else whose records carry a flat {@code country_code} (the bundled default) or
 *       {@code autonomous_system_number}: the low-level {@code com.maxmind.db.Reader}.</li>
 * </ul>
 * Every file is checked when opened (see {@link MmdbDatabase}); a bad one fails with a
 * {@link GeoDatabaseException}. Lookups never throw: a record that cannot be decoded counts in
 * {@link #lookupErrors()} and gives "unknown". Special-purpose addresses (private, loopback,
 * documentation, multicast, …) are "unknown" whatever the database says, see
 * {@link SpecialPurposeAddresses}. Thread-safe.
 */
public final class MaxMindGeoLookup implements GeoLookup, AutoCloseable {

    /** Resolves the country of an address; null when unknown. */
    private interface CountrySource {
        String country(InetAddress address) throws Exception;
    }

    /** Resolves the AS of an address; null when unknown. */
    private interface AsnSource {
        GeoInfo asn(InetAddress address) throws Exception;
    }

    private final List<AutoCloseable> resources;
    private final CountrySource countrySource;
    private final boolean countryV4Only;
    private final AsnSource asnSource;
    private final boolean asnV4Only;
    private final String description;
    private final LongAdder lookupErrors = new LongAdder();

    private MaxMindGeoLookup(List<AutoCloseable> resources, CountrySource countrySource, boolean countryV4Only,
            AsnSource asnSource, boolean asnV4Only, String description) {
        this.resources = resources;
        this.countrySource = countrySource;
        this.countryV4Only = countryV4Only;
        this.asnSource = asnSource;
        this.asnV4Only = asnV4Only;
        this.description = description;
    }

    /**
     * Opens a country database and, optionally, an ASN database.
     *
     * @param countryDb a country database file; empty for the bundled default
     *                  ({@link DefaultGeoDatabase}, CC BY 4.0 NRO data)
     * @param asnDb     an ASN database file, or empty
     * @throws GeoDatabaseException when a file is missing, corrupt or of the wrong kind
     */
    public static MaxMindGeoLookup open(Optional<Path> countryDb, Optional<Path> asnDb) {
        Objects.requireNonNull(countryDb, "countryDb");
        Objects.requireNonNull(asnDb, "asnDb");
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            MmdbDatabase country = countryDb.map(MmdbDatabase::open).orElseGet(MaxMindGeoLookup::openDefault);
            resources.add(country);
            CountrySource countrySource = countrySource(country, resources);
            String description = country.type() + " country database " + country.name();
            AsnSource asnSource = null;
            boolean asnV4Only = false;
            if (asnDb.isPresent()) {
                MmdbDatabase asn = MmdbDatabase.open(asnDb.get());
                resources.add(asn);
                asnSource = asnSource(asn, resources);
                asnV4Only = asn.ipVersion() == 4;
                description += ", " + asn.type() + " ASN database " + asn.name();
            }
            return new MaxMindGeoLookup(List.copyOf(resources), countrySource, country.ipVersion() == 4, asnSource,
                    asnV4Only, description);
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    private static MmdbDatabase openDefault() {
        try (InputStream in = DefaultGeoDatabase.open()) {
            return MmdbDatabase.fromBytes("default database " + DefaultGeoDatabase.RESOURCE, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled GeoIP database: " + e.getMessage(), e);
        }
    }

    private static CountrySource countrySource(MmdbDatabase db, List<AutoCloseable> resources) {
        String type = db.type();
        if (type.contains("City") || type.contains("Country")) {
            DatabaseReader reader = db.geoIp2Reader();
            resources.add(reader);
            if (type.contains("City")) {
                return address -> reader.tryCity(address).map(MaxMindGeoLookup::isoCode).orElse(null);
            }
            return address -> reader.tryCountry(address).map(MaxMindGeoLookup::isoCode).orElse(null);
        }
        if (type.contains("ASN")) {
            throw new GeoDatabaseException(db.name(), "is an ASN database (type " + type
                    + "), not a country database; give it as the ASN database");
        }
        if (!db.sampleIsEmpty() && !db.sampleHasKey("country_code")) {
            throw new GeoDatabaseException(db.name(), "database type '" + type + "' is not a GeoIP2/GeoLite2 Country"
                    + " or City database and its records have no country_code field");
        }
        return address -> {
            FlatRecords.Country record = db.reader().get(address, FlatRecords.Country.class);
            return record == null ? null : record.countryCode;
        };
    }

    private static AsnSource asnSource(MmdbDatabase db, List<AutoCloseable> resources) {
        String type = db.type();
        if (type.contains("ASN")) {
            DatabaseReader reader = db.geoIp2Reader();
            resources.add(reader);
            return address -> reader.tryAsn(address).map(MaxMindGeoLookup::asnInfo).orElse(null);
        }
        if (!db.sampleIsEmpty() && !db.sampleHasKey("autonomous_system_number")) {
            throw new GeoDatabaseException(db.name(), "database type '" + type + "' is not an ASN database and its"
                    + " records have no autonomous_system_number field");
        }
        return address -> {
            FlatRecords.Asn record = db.reader().get(address, FlatRecords.Asn.class);
            if (record == null || record.number == null) {
                return null;
            }
            return new GeoInfo(GeoInfo.UNKNOWN.country(), (int) Math.min(record.number, Integer.MAX_VALUE),
                    record.organization == null ? "" : record.organization);
        };
    }

    private static String isoCode(CountryResponse r) {
        return isoCode(r.getCountry(), r.getRegisteredCountry());
    }

    private static String isoCode(CityResponse r) {
        return isoCode(r.getCountry(), r.getRegisteredCountry());
    }

    private static String isoCode(Country location, Country registered) {
        if (location != null && location.getIsoCode() != null) {
            return location.getIsoCode();
        }
        return registered == null ? null : registered.getIsoCode();
    }

    private static GeoInfo asnInfo(AsnResponse r) {
        Long number = r.getAutonomousSystemNumber();
        if (number == null) {
            return null;
        }
        String org = r.getAutonomousSystemOrganization();
        return new GeoInfo(GeoInfo.UNKNOWN.country(), (int) Math.min(number, Integer.MAX_VALUE), org == null ? "" : org);
    }

    @Override
    public GeoInfo lookup(IpAddress address) {
        if (SpecialPurposeAddresses.isNonGlobal(address)) {
            return GeoInfo.UNKNOWN;
        }
        boolean v4 = address.isV4();
        InetAddress inet = address.toInetAddress();
        String country = null;
        if (v4 || !countryV4Only) {
            try {
                country = countrySource.country(inet);
            } catch (Exception e) {
                lookupErrors.increment();
            }
        }
        GeoInfo asn = null;
        if (asnSource != null && (v4 || !asnV4Only)) {
            try {
                asn = asnSource.asn(inet);
            } catch (Exception e) {
                lookupErrors.increment();
            }
        }
        boolean knownCountry = GeoInfo.isCountryCode(country);
        if (!knownCountry && asn == null) {
            return GeoInfo.UNKNOWN;
        }
        return new GeoInfo(knownCountry ? country : GeoInfo.UNKNOWN.country(), asn == null ? 0 : asn.asn(),
                asn == null ? "" : asn.organization());
    }

    /** Lookups whose database record could not be decoded (answered "unknown"). */
    public long lookupErrors() {
        return lookupErrors.sum();
    }

    /** Which databases are in use, for a start-up log line. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        closeAll(resources);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception ignored) {
                // read-only databases: nothing to lose on close
            }
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
