package io.darkwatch.streams.enrich;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AsnResponse;
import io.darkwatch.common.packet.IpAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AS owners from a GeoLite2/GeoIP2 ASN database, through GeoIP2's {@code DatabaseReader}.
 *
 * <p>Why the streams app reads it too: the capture may carry the AS number in each packet, but
 * not the organisation's name (a string per packet); the streams app looks up the few victims an
 * anomaly lists, once per event. Lookups never throw: an address that is not an address, or a
 * record that cannot be decoded, counts in {@link #lookupErrors()} and is "unknown". Thread-safe.
 */
public final class MaxMindAsOrganizations implements AsOrganizations, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MaxMindAsOrganizations.class);

    private final DatabaseReader reader;
    private final Path file;
    private final LongAdder lookupErrors = new LongAdder();

    private MaxMindAsOrganizations(DatabaseReader reader, Path file) {
        this.reader = reader;
        this.file = file;
    }

    /**
     * Opens and checks {@code file}.
     *
     * @throws IllegalArgumentException naming the file and the problem: missing, unreadable, not a
     *                                  MaxMind DB, or not an ASN database
     */
    public static MaxMindAsOrganizations open(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("ASN database " + file + ": no such readable file");
        }
        DatabaseReader reader;
        try {
            reader = new DatabaseReader.Builder(file.toFile()).build();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("ASN database " + file + " is not a valid MaxMind DB file: "
                    + e.getMessage(), e);
        }
        String type = reader.getMetadata().getDatabaseType();
        if (type == null || !type.contains("ASN")) {
            closeQuietly(reader);
            throw new IllegalArgumentException("ASN database " + file + " is a " + type
                    + " database, not an ASN one (GeoLite2-ASN or GeoIP2-ISP)");
        }
        return new MaxMindAsOrganizations(reader, file);
    }

    @Override
    public Optional<AsOwner> ownerOf(String address) {
        try {
            // A literal only, parsed without any name lookup.
            Optional<AsnResponse> r = reader.tryAsn(IpAddress.parse(address).toInetAddress());
            return r.filter(a -> a.getAutonomousSystemNumber() != null && a.getAutonomousSystemNumber() > 0)
                    .map(a -> new AsOwner(a.getAutonomousSystemNumber(), a.getAutonomousSystemOrganization()));
        } catch (IOException | GeoIp2Exception | RuntimeException e) {
            lookupErrors.increment();
            LOG.debug("AS lookup of {} in {} failed: {}", address, file, e.toString());
            return Optional.empty();
        }
    }

    /** Lookups that failed on a bad address or an undecodable record. */
    public long lookupErrors() {
        return lookupErrors.sum();
    }

    @Override
    public void close() {
        closeQuietly(reader);
    }

    private static void closeQuietly(DatabaseReader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            LOG.debug("closing an ASN database: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "ASN database " + file;
    }
}
