package io.darkwatch.capture.geo;

import io.darkwatch.common.packet.IpAddress;
import java.util.Objects;

/**
 * A bounded cache in front of a slower lookup, per exact address (not per prefix: databases give
 * different answers inside a /24).
 *
 * <p>Why: darknet traffic repeats sources (a scanner sends to every address of the telescope), and
 * a MaxMind lookup walks up to 128 tree nodes and decodes a record. The cache is direct-mapped:
 * each address has one slot chosen by its hash, a new address overwrites the slot. That costs
 * no eviction bookkeeping and has a fixed memory bound. Slots hold immutable entries, so racing
 * threads at worst miss the cache; it never returns a wrong answer.
 */
public final class CachingGeoLookup implements GeoLookup {
    private record Entry(IpAddress address, GeoInfo info) {
    }

    private final GeoLookup delegate;
    private final Entry[] slots;
    private final int mask;

    /**
     * @param delegate the real lookup
     * @param capacity number of slots, rounded up to a power of two (at least 16)
     */
    public CachingGeoLookup(GeoLookup delegate, int capacity) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (capacity < 1 || capacity > (1 << 24)) {
            throw new IllegalArgumentException("cache capacity must be 1..16777216, not " + capacity);
        }
        int size = Math.max(16, Integer.highestOneBit(capacity - 1) << 1);
        this.slots = new Entry[size];
        this.mask = size - 1;
    }

    @Override
    public GeoInfo lookup(IpAddress address) {
        int h = address.hashCode();
        int slot = (h ^ (h >>> 16)) & mask;
        Entry e = slots[slot];
        if (e != null && e.address().equals(address)) {
            return e.info();
        }
        GeoInfo info = delegate.lookup(address);
        slots[slot] = new Entry(address, info);
        return info;
    }
}
