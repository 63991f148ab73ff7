package io.darkwatch.streams.distinct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DistinctSketchTest {

    /** IPv4-mapped address {@code n} as its (high, low) hash. */
    private static long address(long n) {
        return DistinctSketch.hash(0L, 0x0000_FFFF_0000_0000L | (n & 0xFFFF_FFFFL));
    }

    private static byte[] sketchOf(long from, long to) {
        byte[] s = null;
        for (long n = from; n < to; n++) {
            s = DistinctSketch.add(s, address(n));
        }
        return s;
    }

    @Test
    void shouldCountSmallSetsExactlyWhateverTheRepeats() {
        // Given up to 64 distinct sources, each sending 1 to 5 packets in a random order
        Random random = new Random(7);
        for (int distinct = 0; distinct <= DistinctSketch.EXACT_LIMIT; distinct++) {
            List<Long> packets = new ArrayList<>();
            for (int i = 0; i < distinct; i++) {
                for (int k = 0; k <= random.nextInt(5); k++) {
                    packets.add(address(1000 + i));
                }
            }
            java.util.Collections.shuffle(packets, random);
            byte[] s = null;
            for (long p : packets) {
                s = DistinctSketch.add(s, p);
            }
            // Then the count is exact and still the exact form
            assertEquals(distinct, DistinctSketch.estimate(s), "distinct " + distinct);
            assertFalse(DistinctSketch.isEstimate(s));
        }
    }

    @Test
    void shouldHandBackTheSameArrayWhenASourceIsNotNew() {
        byte[] exact = sketchOf(0, 10);
        assertSame(exact, DistinctSketch.add(exact, address(3)));
        byte[] hll = sketchOf(0, 10_000);
        assertTrue(DistinctSketch.isEstimate(hll));
        byte[] copy = hll.clone();
        // Most repeats change no register, and the input is never written to
        int same = 0;
        for (int n = 0; n < 1000; n++) {
            if (DistinctSketch.add(hll, address(n)) == hll) {
                same++;
            }
        }
        assertEquals(1000, same);
        assertTrue(java.util.Arrays.equals(copy, hll));
    }

    @Test
    void shouldEstimateLargeSetsWithinThreeStandardErrors() {
        // Given sets from just past the exact limit to a million, with 10 seeds each
        double standardError = 1.04 / Math.sqrt(1 << DistinctSketch.PRECISION);
        double sumAbs = 0;
        int trials = 0;
        for (int n : new int[] {65, 200, 1_000, 3_000, 6_000, 20_000, 100_000, 1_000_000}) {
            int seeds = n >= 1_000_000 ? 2 : 10;
            for (int seed = 0; seed < seeds; seed++) {
                long offset = (long) seed << 24 ^ 0x5EED;
                byte[] s = sketchOf(offset, offset + n);
                double error = (DistinctSketch.estimate(s) - n) / (double) n;
                // Then each estimate is within 3 standard errors, and they are unbiased on average
                assertTrue(Math.abs(error) < 3 * standardError, n + " seed " + seed + ": error " + error);
                sumAbs += Math.abs(error);
                trials++;
            }
        }
        assertTrue(sumAbs / trials < 1.2 * standardError, "mean absolute error " + sumAbs / trials);
    }

    @Test
    void shouldMergeIntoTheCountOfTheUnion() {
        // Two exact sets that overlap stay exact
        assertEquals(50, DistinctSketch.estimate(DistinctSketch.merge(sketchOf(0, 30), sketchOf(20, 50))));
        assertFalse(DistinctSketch.isEstimate(DistinctSketch.merge(sketchOf(0, 30), sketchOf(20, 50))));
        // Two exact sets whose union is too large become an estimate
        byte[] grown = DistinctSketch.merge(sketchOf(0, 60), sketchOf(40, 100));
        assertTrue(DistinctSketch.isEstimate(grown));
        assertEquals(100, DistinctSketch.estimate(grown), 3);
        // Estimate with exact, either way round, and estimate with estimate
        byte[] big = sketchOf(0, 50_000);
        assertEquals(DistinctSketch.estimate(sketchOf(0, 50_010)),
                DistinctSketch.estimate(DistinctSketch.merge(big, sketchOf(50_000, 50_010))));
        assertEquals(DistinctSketch.estimate(sketchOf(0, 50_010)),
                DistinctSketch.estimate(DistinctSketch.merge(sketchOf(50_000, 50_010), big)));
        assertEquals(DistinctSketch.estimate(sketchOf(0, 80_000)),
                DistinctSketch.estimate(DistinctSketch.merge(big, sketchOf(30_000, 80_000))));
        assertSame(big, DistinctSketch.merge(big, null));
        assertEquals(0, DistinctSketch.estimate(null));
    }

    @Test
    void shouldRefuseBytesThatAreNoSketch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DistinctSketch.estimate(new byte[] {0, 1, 2}));
        assertTrue(e.getMessage().startsWith("not a distinct-count sketch (3 bytes, kind 0)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DistinctSketch.add(new byte[] {9}, 1L));
    }
}
