package io.darkwatch.capture.geo;

import io.darkwatch.common.packet.IpAddress;
import java.util.Objects;

/**
 * A bounded cache in front of a slower lookup, per network: one lookup answers every address of
 * the network its answer holds for ({@link GeoLookup#answer}, e.g. a MaxMind database's network).
 *
 * <p>Why: a MaxMind lookup walks up to 128 tree nodes and decodes a record, the largest cost of the
 * producer's per-packet path. A darknet's sources repeat (scanners send to every address of the
 * telescope) but many do not: backscatter from many victims, spoofed and one-off sources. Cached per
 * exact address, each new source was a lookup; cached per network, a new source is a lookup only
 * when its network has not been seen (or was pushed out), and database networks are wide (see
 * {@link NetworkCache} for the tables and why a hit is never wrong).
 *
 * <p>A delegate that does not know its networks answers for the address alone (the default of
 * {@link GeoLookup#answer}), and this is then a per-address cache. Keep a cache per database
 * generation (as {@link ReloadingGeoLookup}'s {@code wrap} does): it must not outlive the database
 * its answers came from.
 */
public final class CachingGeoLookup implements GeoLookup {
    private final GeoLookup delegate;
    private final NetworkCache cache;

    /**
     * @param delegate the real lookup
     * @param capacity slots of each of the tables for IPv4 networks longer than /16 (one for
     *                 /17../20, one for /21../32) and for IPv6, rounded up to a power of two (at
     *                 least 16); IPv4 networks of /16 and wider have a fixed table of 65,536 slots
     */
    public CachingGeoLookup(GeoLookup delegate, int capacity) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (capacity < 1 || capacity > (1 << 24)) {
            throw new IllegalArgumentException("cache capacity must be 1..16777216, not " + capacity);
        }
        this.cache = new NetworkCache(Math.max(16, Integer.highestOneBit(capacity - 1) << 1));
    }

    @Override
    public GeoInfo lookup(IpAddress address) {
        return answer(address).info();
    }

    @Override
    public GeoAnswer answer(IpAddress address) {
        GeoAnswer cached = cache.get(address);
        if (cached != null) {
            return cached;
        }
        GeoAnswer fresh = delegate.answer(address);
        cache.put(address, fresh);
        return fresh;
    }
}
