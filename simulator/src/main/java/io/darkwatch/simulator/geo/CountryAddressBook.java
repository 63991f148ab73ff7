package io.darkwatch.simulator.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.InvalidNetworkException;
import com.maxmind.db.Network;
import com.maxmind.db.Networks;
import com.maxmind.db.NetworksIterationException;
import com.maxmind.db.Reader;
import io.darkwatch.geodata.DefaultGeoDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every country's IPv4 addresses, read from a MaxMind DB, so simulated sources geolocate to the
 * countries a scenario names when the producer looks them up in the same database. Reserved
 * ranges are left out. Reading the bundled database (≈ 494 k IPv4 networks) takes about 0.3 s.
 *
 * <p>Both record layouts in use are understood: ip-location-db's flat {@code {"country_code": "US"}}
 * (the bundled database) and GeoIP2/GeoLite2 Country's {@code {"country": {"iso_code": "US"}}}
 * (falling back to {@code registered_country}).
 */
public final class CountryAddressBook {
    private final Map<String, AddressPool> pools;
    private final String source;

    private CountryAddressBook(Map<String, AddressPool> pools, String source) {
        this.pools = pools;
        this.source = source;
    }

    /** The database bundled in darkwatch-geodata. */
    public static CountryAddressBook fromDefaultDatabase() {
        try (InputStream in = DefaultGeoDatabase.open()) {
            return read(new Reader(in, new CHMCache()), "bundled " + DefaultGeoDatabase.RESOURCE);
        } catch (IOException | NetworksIterationException e) {
            throw new GeoDatabaseException("cannot read the bundled geo database: " + e.getMessage(), e);
        }
    }

    /** A GeoIP2/GeoLite2 Country or ip-location-db country database file. */
    public static CountryAddressBook fromFile(Path mmdb) {
        try (Reader reader = new Reader(mmdb.toFile(), new CHMCache())) {
            return read(reader, mmdb.toString());
        } catch (IOException | NetworksIterationException e) {
            throw new GeoDatabaseException("cannot read geo database " + mmdb + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("rawtypes") // maxmind-db decodes into a raw Map; only String keys are read from it
    private static CountryAddressBook read(Reader reader, String source) throws IOException {
        Map<String, AddressPool.Builder> builders = new HashMap<>();
        Networks<Map> networks;
        try {
            // The IPv4 subtree only, without its IPv6 aliases (::ffff:0:0/96, 2002::/16), which would repeat it.
            networks = reader.networksWithin(new Network(InetAddress.getByAddress(new byte[4]), 0), false, Map.class);
        } catch (InvalidNetworkException e) {
            throw new GeoDatabaseException("geo database " + source + " has no IPv4 tree: " + e.getMessage(), e);
        }
        while (networks.hasNext()) {
            DatabaseRecord<Map> record = networks.next();
            String country = countryOf(record.getData());
            if (country == null) {
                continue;
            }
            Network network = record.getNetwork();
            byte[] a = network.getNetworkAddress().getAddress();
            if (a.length != 4) {
                continue;
            }
            long first = ((a[0] & 0xffL) << 24) | ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff);
            long last = first + (1L << (32 - network.getPrefixLength())) - 1;
            AddressPool.Builder builder = builders.computeIfAbsent(country, c -> new AddressPool.Builder());
            ReservedRanges.forEachUsablePart(first, last, builder::add);
        }
        Map<String, AddressPool> pools = new TreeMap<>();
        builders.forEach((code, builder) -> {
            AddressPool pool = builder.build();
            if (pool.size() > 0) {
                pools.put(code, pool);
            }
        });
        return new CountryAddressBook(Collections.unmodifiableMap(pools), source);
    }

    /** The country code in either known record layout, upper-cased; null when the record has none. */
    @SuppressWarnings("rawtypes")
    static String countryOf(Map data) {
        if (data == null) {
            return null;
        }
        Object flat = data.get("country_code");
        if (flat instanceof String code) {
            return normalise(code);
        }
        for (String key : new String[] {"country", "registered_country"}) {
            if (data.get(key) instanceof Map nested && nested.get("iso_code") instanceof String code) {
                return normalise(code);
            }
        }
        return null;
    }

    private static String normalise(String code) {
        return code.length() == 2 ? code.toUpperCase(Locale.ROOT) : null;
    }

    /** Countries with at least one usable IPv4 address, sorted. */
    public Set<String> countries() {
        return pools.keySet();
    }

    public boolean hasCountry(String code) {
        return pools.containsKey(code);
    }

    /** @throws IllegalArgumentException when the database has no IPv4 address for {@code code} */
    public AddressPool pool(String code) {
        AddressPool pool = pools.get(code);
        if (pool == null) {
            throw new IllegalArgumentException("the geo database (" + source + ") has no IPv4 addresses for country "
                    + code);
        }
        return pool;
    }

    /** Where the addresses were read from, for messages. */
    public String source() {
        return source;
    }
}
