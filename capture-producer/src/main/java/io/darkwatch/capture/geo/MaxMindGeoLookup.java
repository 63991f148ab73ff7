package io.darkwatch.capture.geo;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Reader;
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
 * optional ASN database, with the network each answer holds for (see {@link GeoAnswer}).
 *
 * <p>The kind of each file is taken from its metadata's database type:
 * <ul>
 *   <li>GeoIP2/GeoLite2 Country or City: the country is {@code country.iso_code}, or
 *       {@code registered_country} when the location is not known (e.g. anycast ranges), as GeoIP2's
 *       response models give it;</li>
 *   <li>GeoLite2/GeoIP2 ASN: {@code autonomous_system_number} and {@code _organization};</li>
 *   <li>anything else whose records carry a flat {@code country_code} (the bundled default) or
 *       {@code autonomous_system_number}.</li>
 * </ul>
 * All are read with maxmind-db's {@code Reader.getRecord}, decoding only those fields
 * ({@link MmdbRecords}): one walk of the search tree gives the record and the network it is stored
 * for, also when the address is in no record (GeoIP2's {@code DatabaseReader} gives no network then).
 *
 * <p>Every file is checked when opened (see {@link MmdbDatabase}); a bad one fails with a
 * {@link GeoDatabaseException}. Lookups never throw: a record that cannot be decoded counts in
 * {@link #lookupErrors()} and gives "unknown" (for that address alone). Special-purpose addresses
 * (private, loopback, documentation, multicast, …) are "unknown" whatever the database says, see
 * {@link SpecialPurposeAddresses}; answer networks never mix them with public addresses
 * ({@link SpecialPurposeNetworks}). Thread-safe.
 */
public final class MaxMindGeoLookup implements GeoLookup, AutoCloseable {

    /**
     * What one database says about an address and the prefix length (in the address family's
     * bits, as maxmind-db counts them) of the network it says it for.
     */
    private record Found<T>(T value, int prefixLength) {
    }

    /** Resolves the country of an address; the value is null when unknown. */
    private interface CountrySource {
        Found<String> country(InetAddress address) throws IOException;
    }

    /** Resolves the AS of an address; the value is null when unknown. */
    private interface AsnSource {
        Found<GeoInfo> asn(InetAddress address) throws IOException;
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
            CountrySource countrySource = countrySource(country);
            String description = country.type() + " country database " + country.name();
            AsnSource asnSource = null;
            boolean asnV4Only = false;
            if (asnDb.isPresent()) {
                MmdbDatabase asn = MmdbDatabase.open(asnDb.get());
                resources.add(asn);
                asnSource = asnSource(asn);
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

    private static CountrySource countrySource(MmdbDatabase db) {
        String type = db.type();
        Reader reader = db.reader();
        if (type.contains("City") || type.contains("Country")) {
            return address -> {
                DatabaseRecord<MmdbRecords.GeoIp2Country> r = reader.getRecord(address, MmdbRecords.GeoIp2Country.class);
                return new Found<>(r.getData() == null ? null : r.getData().isoCode, r.getNetwork().getPrefixLength());
            };
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
            DatabaseRecord<MmdbRecords.FlatCountry> r = reader.getRecord(address, MmdbRecords.FlatCountry.class);
            return new Found<>(r.getData() == null ? null : r.getData().countryCode, r.getNetwork().getPrefixLength());
        };
    }

    private static AsnSource asnSource(MmdbDatabase db) {
        String type = db.type();
        if (!type.contains("ASN") && !db.sampleIsEmpty() && !db.sampleHasKey("autonomous_system_number")) {
            throw new GeoDatabaseException(db.name(), "database type '" + type + "' is not an ASN database and its"
                    + " records have no autonomous_system_number field");
        }
        Reader reader = db.reader();
        return address -> {
            DatabaseRecord<MmdbRecords.Asn> r = reader.getRecord(address, MmdbRecords.Asn.class);
            MmdbRecords.Asn record = r.getData();
            GeoInfo info = record == null || record.number == null ? null
                    : new GeoInfo(GeoInfo.UNKNOWN.country(), (int) Math.min(record.number, Integer.MAX_VALUE),
                            record.organization == null ? "" : record.organization);
            return new Found<>(info, r.getNetwork().getPrefixLength());
        };
    }

    @Override
    public GeoInfo lookup(IpAddress address) {
        return answer(address).info();
    }

    /**
     * The answer and the network it holds for: the intersection of the country and ASN databases'
     * networks (CIDR blocks holding the same address are nested, so the longer prefix), cut down by
     * {@link SpecialPurposeNetworks}. A database not asked (IPv4-only, IPv6 address) constrains
     * nothing; a record that failed to decode constrains the network to the address alone.
     */
    @Override
    public GeoAnswer answer(IpAddress address) {
        if (SpecialPurposeAddresses.isNonGlobal(address)) {
            return new GeoAnswer(GeoInfo.UNKNOWN, SpecialPurposeNetworks.aroundNonGlobal(address));
        }
        boolean v4 = address.isV4();
        int familyBits = v4 ? 32 : 128;
        int prefix = 0;
        InetAddress inet = address.toInetAddress();
        String country = null;
        if (v4 || !countryV4Only) {
            try {
                Found<String> found = countrySource.country(inet);
                country = found.value();
                prefix = Math.max(prefix, found.prefixLength());
            } catch (Exception e) {
                lookupErrors.increment();
                prefix = familyBits;
            }
        }
        GeoInfo asn = null;
        if (asnSource != null && (v4 || !asnV4Only)) {
            try {
                Found<GeoInfo> found = asnSource.asn(inet);
                asn = found.value();
                prefix = Math.max(prefix, found.prefixLength());
            } catch (Exception e) {
                lookupErrors.increment();
                prefix = familyBits;
            }
        }
        IpNetwork network = SpecialPurposeNetworks.aroundGlobal(address, v4 ? IpNetwork.V4_OFFSET + prefix : prefix);
        boolean knownCountry = GeoInfo.isCountryCode(country);
        if (!knownCountry && asn == null) {
            return new GeoAnswer(GeoInfo.UNKNOWN, network);
        }
        return new GeoAnswer(new GeoInfo(knownCountry ? country : GeoInfo.UNKNOWN.country(), asn == null ? 0 : asn.asn(),
                asn == null ? "" : asn.organization()), network);
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
