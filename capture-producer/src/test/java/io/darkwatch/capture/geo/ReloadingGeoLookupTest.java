package io.darkwatch.capture.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.capture.testing.TestData;
import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.geodata.DefaultGeoDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real database files replaced on disk while another thread looks addresses up without pause.
 * MaxMind's Country test database does not know 8.8.8.8; the bundled NRO database says US.
 */
class ReloadingGeoLookupTest {
    private static final IpAddress GOOGLE_DNS = IpAddress.parse("8.8.8.8");
    private static final IpAddress SWEDEN = IpAddress.parse("89.160.20.112");

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** Writes {@code content} beside {@code target} and renames it over it, as geoipupdate does. */
    private void replaceAtomically(Path target, InputStream content) throws Exception {
        Path tmp = Files.createTempFile(dir, "new", ".mmdb");
        Files.copy(content, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private double reloads(String result) {
        return registry.get("darkwatch.geoip.reloads").tag("result", result).counter().count();
    }

    @Test
    void shouldSwapInTheNewDatabaseWhileLookupsGoOnAndKeepItWhenTheNextFileIsCorrupt() throws Exception {
        // Given the MaxMind Country test database, watched every 20 ms, behind a cache
        Path country = dir.resolve("country.mmdb");
        Files.copy(TestData.geoip("GeoIP2-Country-Test.mmdb"), country);
        Function<GeoLookup, GeoLookup> cached = db -> new CachingGeoLookup(db, 1024);
        try (ReloadingGeoLookup geo = ReloadingGeoLookup.open(Optional.of(country), Optional.empty(), Duration.ofMillis(20), cached,
                registry)) {
            assertEquals("ZZ", geo.lookup(GOOGLE_DNS).country());

            // and a thread looking up without pause, recording every answer and any failure
            Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread lookups = new Thread(() -> {
                try {
                    while (running.get()) {
                        answers.computeIfAbsent(geo.lookup(GOOGLE_DNS).country(), k -> new AtomicLong()).incrementAndGet();
                        if (!geo.lookup(SWEDEN).country().equals("SE")) {
                            throw new AssertionError("89.160.20.112 is SE in both databases");
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            lookups.start();

            // When the file is replaced by the NRO-based database
            try (InputStream nro = DefaultGeoDatabase.open()) {
                replaceAtomically(country, nro);
            }
            await(() -> "US".equals(geo.lookup(GOOGLE_DNS).country()));

            // Then lookups moved over without an error, and the reload is counted
            assertEquals(1.0, reloads("reloaded"));
            java.util.function.ToLongFunction<String> seen = c -> answers.getOrDefault(c, new AtomicLong()).get();
            long usBefore = seen.applyAsLong("US");
            await(() -> seen.applyAsLong("US") > usBefore + 1000);

            // When the file is then replaced by a corrupt one
            try (InputStream bad = Files.newInputStream(
                    TestData.geoip("bad/libmaxminddb-corrupt-search-tree.mmdb"))) {
                replaceAtomically(country, bad);
            }
            await(() -> reloads("failed") == 1.0);

            // Then the loaded database stays in use, and the lookups never failed
            long usAfterCorrupt = seen.applyAsLong("US");
            await(() -> seen.applyAsLong("US") > usAfterCorrupt + 1000);
            running.set(false);
            lookups.join();
            assertEquals(null, failure.get());
            assertEquals("US", geo.lookup(GOOGLE_DNS).country());
            assertEquals(1.0, reloads("reloaded"));
            assertEquals(0, geo.lookupErrors());
            assertEquals(0.0, registry.get("darkwatch.geoip.errors").functionCounter().count());
            assertTrue(geo.description().contains("country.mmdb"), geo.description());
        }
    }

    @Test
    void shouldNeverAnswerFromTheOldDatabasesNetworksAfterTheSwap() throws Exception {
        // Given the City and ASN test databases behind the production cache, which has seen many
        // sources (so it holds networks of the old databases: 1.0.0.0/8 unknown, 81.0.0.0/9 AS-less…)
        Path country = dir.resolve("country.mmdb");
        Files.copy(TestData.geoip("GeoIP2-City-Test.mmdb"), country);
        Path asn = dir.resolve("asn.mmdb");
        Files.copy(TestData.geoip("GeoLite2-ASN-Test.mmdb"), asn);
        Function<GeoLookup, GeoLookup> cached = db -> new CachingGeoLookup(db, 1 << 16);
        List<IpAddress> sources = GeoTestDatabases.CITY_WITH_ASN.samples(3).addresses();
        try (ReloadingGeoLookup geo = ReloadingGeoLookup.open(Optional.of(country), Optional.of(asn), Duration.ofMillis(20),
                cached, registry);
                MaxMindGeoLookup oldDatabases = GeoTestDatabases.CITY_WITH_ASN.open()) {
            for (IpAddress a : sources) {
                assertEquals(oldDatabases.lookup(a), geo.lookup(a));
            }

            // When the country file is replaced by the bundled NRO-based database
            try (InputStream nro = DefaultGeoDatabase.open()) {
                replaceAtomically(country, nro);
            }
            await(() -> reloads("reloaded") == 1.0);

            // Then every source gets the new databases' answer, and many answers did change
            try (MaxMindGeoLookup newDatabases = GeoTestDatabases.DEFAULT_WITH_ASN.open()) {
                int changed = 0;
                for (IpAddress a : sources) {
                    GeoInfo now = newDatabases.lookup(a);
                    assertEquals(now, geo.lookup(a), a::toString);
                    changed += now.equals(oldDatabases.lookup(a)) ? 0 : 1;
                }
                assertTrue(changed > 10_000, changed + " answers changed");
            }
        }
    }

    @Test
    void shouldFailAtStartWhenTheFileIsCorrupt() {
        Path bad = TestData.geoip("bad/libmaxminddb-corrupt-search-tree.mmdb");

        GeoDatabaseException e = assertThrows(GeoDatabaseException.class, () -> ReloadingGeoLookup.open(Optional.of(bad),
                Optional.empty(), Duration.ofSeconds(1), Function.identity(), registry));

        assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(5);
        }
    }
}
