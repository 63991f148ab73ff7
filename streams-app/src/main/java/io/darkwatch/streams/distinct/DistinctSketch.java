package io.darkwatch.streams.distinct;

import java.util.Arrays;

/**
 * A distinct count in a byte array, as the open windows keep it per country (and per scanning netblock):
 * exact (a list of 64-bit hashes) up to {@link #EXACT_LIMIT} distinct items, then a HyperLogLog of
 * 2^{@link #PRECISION} one-byte registers (2 KiB, standard error 1.04 / √2048 ≈ 2.3 %).
 *
 * <pre>
 * u8 kind = 0 (exact), n × i64 hash          (1 + 8n bytes, n ≤ EXACT_LIMIT)
 * u8 kind = 1 (HLL),   2048 × u8 register    (2049 bytes)
 * </pre>
 *
 * <p>Why not a library (Apache DataSketches' HllSketch is the well-kept one): this runs for every
 * packet, and thousands of small sketches (one per scanning netblock) are open at a time. The
 * common case, a source already seen or a register already high enough, must cost one scan of a
 * small array and no allocation; most sketches never leave the exact form of a few hashes, where a
 * library sketch starts at kilobytes. What is here is the textbook algorithm
 * (Flajolet et al. 2007, with linear counting for small ranges), about a hundred lines, tested
 * against exact counts.
 *
 * <p>Arrays passed in are never modified: {@link #add} returns a new array when the sketch changes
 * and the very same array when it does not, so a caller writes back only on change.
 */
public final class DistinctSketch {
    /** Up to this many distinct items the count is exact (a 64-bit hash collision aside). */
    public static final int EXACT_LIMIT = 64;
    /** log2 of the number of HyperLogLog registers. */
    public static final int PRECISION = 11;

    private static final byte EXACT = 0;
    private static final byte HLL = 1;
    private static final int REGISTERS = 1 << PRECISION;
    private static final int MAX_RANK = 64 - PRECISION + 1;

    private DistinctSketch() {
    }

    /** A well-mixed 64-bit hash of a 128-bit address (SplitMix64's finalizer, applied twice). */
    public static long hash(long high, long low) {
        return mix(high ^ mix(low + 0x9E3779B97F4A7C15L));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The sketch with one more item.
     *
     * @param sketch the current sketch, null for none
     * @return {@code sketch} itself when the item changes nothing, else a new array
     */
    public static byte[] add(byte[] sketch, long hash) {
        if (sketch == null) {
            byte[] out = new byte[1 + 8];
            out[0] = EXACT;
            putLong(out, 1, hash);
            return out;
        }
        check(sketch);
        if (sketch[0] == HLL) {
            int index = (int) (hash >>> (64 - PRECISION));
            byte rank = rank(hash);
            if (sketch[1 + index] >= rank) {
                return sketch;
            }
            byte[] out = sketch.clone();
            out[1 + index] = rank;
            return out;
        }
        int n = (sketch.length - 1) / 8;
        for (int i = 0; i < n; i++) {
            if (getLong(sketch, 1 + 8 * i) == hash) {
                return sketch;
            }
        }
        if (n < EXACT_LIMIT) {
            byte[] out = Arrays.copyOf(sketch, sketch.length + 8);
            putLong(out, sketch.length, hash);
            return out;
        }
        byte[] out = emptyHll();
        for (int i = 0; i < n; i++) {
            addToHll(out, getLong(sketch, 1 + 8 * i));
        }
        addToHll(out, hash);
        return out;
    }

    /** The union of two sketches (either may be null); the inputs are not modified. */
    public static byte[] merge(byte[] a, byte[] b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        check(a);
        check(b);
        if (a[0] == HLL && b[0] == HLL) {
            byte[] out = a.clone();
            for (int i = 1; i < out.length; i++) {
                out[i] = (byte) Math.max(out[i], b[i]);
            }
            return out;
        }
        // At least one is exact: add its hashes to the other, one by one.
        byte[] exact = a[0] == EXACT ? a : b;
        byte[] out = exact == a ? b : a;
        for (int i = 0; i < (exact.length - 1) / 8; i++) {
            out = add(out, getLong(exact, 1 + 8 * i));
        }
        return out;
    }

    /** How many distinct items were added: exact up to {@link #EXACT_LIMIT}, estimated beyond. */
    public static long estimate(byte[] sketch) {
        if (sketch == null) {
            return 0;
        }
        check(sketch);
        if (sketch[0] == EXACT) {
            return (sketch.length - 1) / 8;
        }
        double sum = 0;
        int zeros = 0;
        for (int i = 1; i <= REGISTERS; i++) {
            sum += Math.scalb(1.0, -sketch[i]);
            if (sketch[i] == 0) {
                zeros++;
            }
        }
        double m = REGISTERS;
        double alpha = 0.7213 / (1 + 1.079 / m);
        double e = alpha * m * m / sum;
        if (e <= 2.5 * m && zeros > 0) {
            // Small range: linear counting over the empty registers is the better estimate.
            e = m * Math.log(m / zeros);
        }
        return Math.round(e);
    }

    /** Whether the sketch has left its exact form. */
    public static boolean isEstimate(byte[] sketch) {
        return sketch != null && sketch[0] == HLL;
    }

    private static byte[] emptyHll() {
        byte[] out = new byte[1 + REGISTERS];
        out[0] = HLL;
        return out;
    }

    private static void addToHll(byte[] hll, long hash) {
        int index = (int) (hash >>> (64 - PRECISION));
        hll[1 + index] = (byte) Math.max(hll[1 + index], rank(hash));
    }

    // Position of the first 1 bit after the index bits, counting from 1; all zeros gives the maximum.
    private static byte rank(long hash) {
        long rest = hash << PRECISION;
        return (byte) (rest == 0 ? MAX_RANK : Long.numberOfLeadingZeros(rest) + 1);
    }

    private static void check(byte[] sketch) {
        boolean ok = sketch.length >= 1 && (sketch[0] == EXACT
                ? (sketch.length - 1) % 8 == 0 && (sketch.length - 1) / 8 <= EXACT_LIMIT
                : sketch[0] == HLL && sketch.length == 1 + REGISTERS);
        if (!ok) {
            throw new IllegalArgumentException("not a distinct-count sketch (" + sketch.length + " bytes, kind "
                    + (sketch.length == 0 ? "none" : sketch[0]) + "); was it written by another version?");
        }
    }

    private static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }
}
