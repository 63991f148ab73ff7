package io.darkwatch.simulator.geo;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The IPv4 addresses of one country as sorted, disjoint ranges, from which an address is drawn
 * uniformly (a /16 is 256 times as likely as a /24, as with real address space).
 */
public final class AddressPool {
    private final long[] firsts;
    /** cumulative[i] = number of addresses in ranges 0..i. */
    private final long[] cumulative;

    private AddressPool(long[] firsts, long[] cumulative) {
        this.firsts = firsts;
        this.cumulative = cumulative;
    }

    /** Number of addresses. */
    public long size() {
        return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
    }

    /** Number of disjoint ranges (adjacent networks are merged). */
    public int rangeCount() {
        return firsts.length;
    }

    /** A uniformly chosen address of the pool. */
    public int pick(RandomGenerator random) {
        if (firsts.length == 0) {
            throw new IllegalStateException("empty address pool");
        }
        long n = random.nextLong(size());
        int i = Arrays.binarySearch(cumulative, n);
        // binarySearch gives the first range whose cumulative count exceeds n.
        i = i >= 0 ? i + 1 : -i - 1;
        long before = i == 0 ? 0 : cumulative[i - 1];
        return (int) (firsts[i] + (n - before));
    }

    public boolean contains(int address) {
        long a = address & 0xffff_ffffL;
        int i = Arrays.binarySearch(firsts, a);
        if (i >= 0) {
            return true;
        }
        int range = -i - 2;
        if (range < 0) {
            return false;
        }
        long length = cumulative[range] - (range == 0 ? 0 : cumulative[range - 1]);
        return a < firsts[range] + length;
    }

    /** Collects ranges in ascending order, merging a range that starts right after the previous one. */
    static final class Builder {
        private long[] firsts = new long[64];
        private long[] lasts = new long[64];
        private int count;

        void add(long first, long last) {
            if (count > 0 && lasts[count - 1] + 1 == first) {
                lasts[count - 1] = last;
                return;
            }
            if (count > 0 && first <= lasts[count - 1]) {
                throw new IllegalArgumentException("ranges must be added in ascending, disjoint order");
            }
            if (count == firsts.length) {
                firsts = Arrays.copyOf(firsts, count * 2);
                lasts = Arrays.copyOf(lasts, count * 2);
            }
            firsts[count] = first;
            lasts[count] = last;
            count++;
        }

        AddressPool build() {
            long[] cumulative = new long[count];
            long total = 0;
            for (int i = 0; i < count; i++) {
                total += lasts[i] - firsts[i] + 1;
                cumulative[i] = total;
            }
            return new AddressPool(Arrays.copyOf(firsts, count), cumulative);
        }
    }
}
