package io.darkwatch.capture.geo;

import io.darkwatch.common.packet.IpAddress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GeoIP lookup that reloads its database files when they change on disk, without pausing lookups.
 *
 * <p>How: a background thread compares each file's size and modification time every
 * {@code checkInterval}. On a change it opens the new files completely (with every check
 * {@link MaxMindGeoLookup#open} makes) while lookups go on against the old ones, then swaps one
 * volatile reference: a lookup sees either the old databases or the new, never a mix, and never
 * waits. The old databases are closed one check later, when no lookup can still be inside them
 * (lookups take microseconds). A new file that cannot be opened (corrupt, half-written, wrong kind)
 * leaves the old databases in use; the problem is logged and counted
 * ({@code darkwatch.geoip.reloads{result=failed}}), and the file is tried again when it changes
 * again. Successful reloads count as {@code {result=reloaded}}.
 *
 * <p>Replace the files atomically (write a new file beside the old one, then rename it over the old
 * one, as {@code geoipupdate} does): the databases are memory-mapped, and a file rewritten in place
 * changes under the running reader.
 *
 * <p>Each database generation gets its own lookup stack from {@code wrap} (e.g. a cache), so
 * answers cached from the old database are dropped with it: the swap replaces database and cache
 * in one write, so no lookup after it can reach an answer (or a network) of the old database.
 */
public final class ReloadingGeoLookup implements GeoLookup, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingGeoLookup.class);

    /** One loaded generation: the databases and the lookup built on them. */
    private record Generation(MaxMindGeoLookup databases, GeoLookup lookup, List<FileState> files) {
    }

    /** What a file looked like when it was last loaded or tried. */
    private record FileState(Path file, long size, long modifiedNanos) {
        static FileState of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new FileState(file, a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
            } catch (IOException e) {
                return new FileState(file, -1, -1);
            }
        }
    }

    private final List<Path> files;
    private final Supplier<MaxMindGeoLookup> opener;
    private final Function<GeoLookup, GeoLookup> wrap;
    private final Counter reloaded;
    private final Counter failed;
    private final ScheduledExecutorService watcher;
    private volatile Generation current;
    /** The generation replaced by the last reload, closed at the next check. Watcher thread only. */
    private volatile MaxMindGeoLookup retired;
    /** The file states last tried, so a bad file is tried once per change, not at every check. */
    private List<FileState> lastTried;
    /** Lookup errors of closed generations, so the count never goes down. */
    private volatile long retiredErrors;

    /**
     * Opens the databases now (failing like {@link MaxMindGeoLookup#open} does) and watches the files.
     *
     * @param countryDb     the country database file, or empty for the bundled default (which never changes)
     * @param asnDb         an ASN database file, or empty
     * @param checkInterval how often the files are compared with what was loaded
     * @param wrap          builds the lookup used on each generation, e.g. a cache in front of it
     * @throws GeoDatabaseException when a file cannot be opened at start
     */
    public static ReloadingGeoLookup open(Optional<Path> countryDb, Optional<Path> asnDb, Duration checkInterval,
            Function<GeoLookup, GeoLookup> wrap, MeterRegistry registry) {
        List<Path> files = new ArrayList<>();
        countryDb.ifPresent(files::add);
        asnDb.ifPresent(files::add);
        return new ReloadingGeoLookup(files, () -> MaxMindGeoLookup.open(countryDb, asnDb), checkInterval,
                wrap, registry);
    }

    private ReloadingGeoLookup(List<Path> files, Supplier<MaxMindGeoLookup> opener, Duration checkInterval,
            Function<GeoLookup, GeoLookup> wrap, MeterRegistry registry) {
        if (checkInterval == null || checkInterval.toMillis() < 1) {
            throw new IllegalArgumentException("GeoIP check interval must be at least 1 ms, not " + checkInterval);
        }
        this.files = List.copyOf(files);
        this.opener = opener;
        this.wrap = Objects.requireNonNull(wrap, "wrap");
        this.reloaded = registry.counter("darkwatch.geoip.reloads", "result", "reloaded");
        FunctionCounter.builder("darkwatch.geoip.errors", this, ReloadingGeoLookup::lookupErrors)
                .description("GeoIP lookups whose database record could not be decoded (answered unknown)")
                .register(registry);
        this.failed = registry.counter("darkwatch.geoip.reloads", "result", "failed");
        List<FileState> states = states();
        MaxMindGeoLookup databases = opener.get();
        this.current = new Generation(databases, wrap.apply(databases), states);
        this.lastTried = states;
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "darkwatch-geoip-watch");
            t.setDaemon(true);
            return t;
        });
        long ms = checkInterval.toMillis();
        watcher.scheduleWithFixedDelay(this::checkQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    private List<FileState> states() {
        return files.stream().map(FileState::of).toList();
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.error("GeoIP reload check failed", e);
        }
    }

    /** Compares the files with what was loaded; reloads on a change. Runs on the watcher thread. */
    private void check() {
        if (retired != null) {
            retiredErrors += retired.lookupErrors();
            retired.close();
            retired = null;
        }
        List<FileState> now = states();
        if (now.equals(lastTried)) {
            return;
        }
        lastTried = now;
        MaxMindGeoLookup databases;
        try {
            databases = opener.get();
        } catch (RuntimeException e) {
            failed.increment();
            LOG.warn("GeoIP database changed on disk but cannot be used, keeping the loaded one: {}", e.getMessage());
            return;
        }
        Generation old = current;
        Generation next = new Generation(databases, wrap.apply(databases), now);
        reloaded.increment(); // before the swap: whoever sees the new databases sees the count
        current = next;
        retired = old.databases();
        LOG.info("GeoIP reloaded: {}", databases.description());
    }

    @Override
    public GeoInfo lookup(IpAddress address) {
        return current.lookup().lookup(address);
    }

    /**
     * The current generation's answer and network. Do not cache these outside: a cache in front of
     * this would keep answers of a database already swapped out; give it as {@code wrap} instead.
     */
    @Override
    public GeoAnswer answer(IpAddress address) {
        return current.lookup().answer(address);
    }

    /** Which databases are in use now. */
    public String description() {
        return current.databases().description();
    }

    /** Lookups whose database record could not be decoded, over every generation. */
    public long lookupErrors() {
        MaxMindGeoLookup retiring = retired;
        return retiredErrors + current.databases().lookupErrors() + (retiring == null ? 0 : retiring.lookupErrors());
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        try {
            watcher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (retired != null) {
            retired.close();
        }
        current.databases().close();
    }
}
