package io.darkwatch.capture.geo;

import io.darkwatch.common.packet.IpAddress;

/**
 * Answers kept per network ({@link GeoAnswer#network()}), found again by any address inside.
 *
 * <p>Direct-mapped tables, each slot holding at most one entry, a new entry overwriting it (no
 * eviction bookkeeping, a fixed memory bound), one table per band of IPv4 prefix lengths so that a
 * network fills the slots of the blocks it covers at that band's granularity, at most 16 slots:
 * <ul>
 *   <li>/0../16: 65,536 slots, one per /16 (a /8 fills 256: a few hundred writes once per
 *       network). Database networks are mostly this wide (75 % of the benchmark capture's packets
 *       with the bundled database), and two such networks never share a /16, so they never evict
 *       each other;</li>
 *   <li>/17../20: {@code slots} slots indexed by the address's /20 (its low bits);</li>
 *   <li>/21../32: {@code slots} slots indexed by the address's /24; a network longer than /24 fills
 *       only the slot of its own /24, so two networks inside one /24 take turns in it, slower but
 *       never wrong;</li>
 *   <li>IPv6: {@code slots} slots indexed by a hash of the address's /64 (answers are never wider
 *       than a /64, see {@link SpecialPurposeNetworks}; a wider one is kept in its address's slot).</li>
 * </ul>
 * A lookup tries the IPv4 tables from the widest band down. Every hit is checked: the entry's
 * network must contain the address. Which slot an entry sits in therefore only decides whether it
 * is found, never whether the answer is right.
 *
 * <p>Threads: slots are written without locks, and entries are immutable (final fields), so a
 * racing reader sees null, an older entry or a newer one — each checked as above. At worst a
 * miss, never a wrong or half-built answer.
 */
final class NetworkCache {
    private static final int WIDE_PREFIX = 16;
    private static final int MIDDLE_PREFIX = 20;
    private static final int NARROW_PREFIX = 24;

    /** One cached answer with its network's masks precomputed, so a hit is four ANDs and compares. */
    private static final class Entry {
        final long baseHigh;
        final long baseLow;
        final long maskHigh;
        final long maskLow;
        final GeoAnswer answer;

        Entry(GeoAnswer answer) {
            IpNetwork n = answer.network();
            this.baseHigh = n.base().high();
            this.baseLow = n.base().low();
            this.maskHigh = IpNetwork.highMask(n.prefixLength());
            this.maskLow = IpNetwork.lowMask(n.prefixLength());
            this.answer = answer;
        }

        boolean contains(IpAddress a) {
            return (a.high() & maskHigh) == baseHigh && (a.low() & maskLow) == baseLow;
        }
    }

    private final Entry[] v4Wide = new Entry[1 << WIDE_PREFIX];
    private final Entry[] v4Middle;
    private final Entry[] v4Narrow;
    private final Entry[] v6;
    private final int mask;
    private final int v6Shift;

    /** @param slots slots of the /20, /24 and IPv6 tables each: a power of two, at least 16 */
    NetworkCache(int slots) {
        if (slots < 16 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two of at least 16, not " + slots);
        }
        this.v4Middle = new Entry[slots];
        this.v4Narrow = new Entry[slots];
        this.v6 = new Entry[slots];
        this.mask = slots - 1;
        this.v6Shift = 64 - Integer.numberOfTrailingZeros(slots);
    }

    /** The cached answer whose network holds {@code address}, or null. */
    GeoAnswer get(IpAddress address) {
        Entry e;
        if (address.isV4()) {
            int a = address.v4();
            e = v4Wide[a >>> (32 - WIDE_PREFIX)];
            if (e != null && e.contains(address)) {
                return e.answer;
            }
            e = v4Middle[(a >>> (32 - MIDDLE_PREFIX)) & mask];
            if (e != null && e.contains(address)) {
                return e.answer;
            }
            e = v4Narrow[(a >>> (32 - NARROW_PREFIX)) & mask];
        } else {
            e = v6[v6Slot(address.high())];
        }
        return e != null && e.contains(address) ? e.answer : null;
    }

    /**
     * Keeps {@code answer} for the addresses of its network. An answer whose network does not hold
     * {@code address} breaks {@link GeoLookup#answer}'s contract; it is not kept.
     */
    void put(IpAddress address, GeoAnswer answer) {
        IpNetwork network = answer.network();
        if (!network.contains(address)) {
            return;
        }
        Entry e = new Entry(answer);
        if (!address.isV4()) {
            v6[v6Slot(address.high())] = e;
            return;
        }
        // a network holding an IPv4 address but wider than ::ffff:0:0/96 holds all of IPv4
        boolean allOfV4 = network.prefixLength() < IpNetwork.V4_OFFSET;
        int prefix = allOfV4 ? 0 : network.prefixLength() - IpNetwork.V4_OFFSET;
        int base = allOfV4 ? 0 : (int) network.base().low();
        if (prefix <= WIDE_PREFIX) {
            fill(v4Wide, base >>> (32 - WIDE_PREFIX), 1 << (WIDE_PREFIX - prefix), e);
        } else if (prefix <= MIDDLE_PREFIX) {
            fill(v4Middle, base >>> (32 - MIDDLE_PREFIX), 1 << (MIDDLE_PREFIX - prefix), e);
        } else if (prefix <= NARROW_PREFIX) {
            fill(v4Narrow, base >>> (32 - NARROW_PREFIX), 1 << (NARROW_PREFIX - prefix), e);
        } else {
            v4Narrow[(address.v4() >>> (32 - NARROW_PREFIX)) & mask] = e;
        }
    }

    /**
     * Writes the entry into the slots of {@code count} consecutive blocks from {@code first}. More
     * blocks than slots wrap around onto slots already holding this entry, so stop at the table size.
     */
    private void fill(Entry[] table, int first, int count, Entry e) {
        int m = table.length - 1;
        int n = Math.min(count, table.length);
        for (int i = 0; i < n; i++) {
            table[(first + i) & m] = e;
        }
    }

    /** Fibonacci hashing of the upper 64 bits: neighbouring /64s spread over the table. */
    private int v6Slot(long high) {
        return (int) ((high * 0x9E37_79B9_7F4A_7C15L) >>> v6Shift);
    }
}
