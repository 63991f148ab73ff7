package io.darkwatch.simulator.testing;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import io.darkwatch.geodata.DefaultGeoDatabase;
import io.darkwatch.simulator.geo.CountryAddressBook;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * The bundled database, read once per test JVM: as an address book for the simulator, and as a
 * plain maxmind-db {@link Reader} to check independently where an address geolocates (what the
 * producer will do).
 */
public final class GeoFixtures {
    private static CountryAddressBook book;
    private static Reader reader;

    private GeoFixtures() {
    }

    public static synchronized CountryAddressBook addressBook() {
        if (book == null) {
            book = CountryAddressBook.fromDefaultDatabase();
        }
        return book;
    }

    /** Country code of {@code address} in the bundled database, or null when it has none. */
    @SuppressWarnings("rawtypes")
    public static synchronized String countryOf(int address) {
        try {
            if (reader == null) {
                try (InputStream in = DefaultGeoDatabase.open()) {
                    reader = new Reader(in, new CHMCache());
                }
            }
            Map data = reader.get(InetAddress.getByAddress(new byte[] {(byte) (address >>> 24),
                    (byte) (address >>> 16), (byte) (address >>> 8), (byte) address}), Map.class);
            return data == null ? null : (String) data.get("country_code");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
