package io.darkwatch.simulator.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AddressPoolTest {

    @Test
    void shouldMergeAdjacentRangesAndDrawUniformlyOverAddresses() {
        // Given a /24 made of two adjacent /25s, and a separate /23
        AddressPool.Builder b = new AddressPool.Builder();
        b.add(0x01000000L, 0x0100007fL);
        b.add(0x01000080L, 0x010000ffL);
        b.add(0x02000000L, 0x020001ffL);
        AddressPool pool = b.build();

        // Then the /25s merge and sizes add up
        assertEquals(2, pool.rangeCount());
        assertEquals(256 + 512, pool.size());

        // When many addresses are drawn, Then all lie in the pool and the /23 gets about 2/3 of them
        SplittableRandom random = new SplittableRandom(1);
        int inSecond = 0;
        int n = 30_000;
        for (int i = 0; i < n; i++) {
            int a = pool.pick(random);
            assertTrue(pool.contains(a));
            if ((a >>> 24) == 2) {
                inSecond++;
            }
        }
        double share = inSecond / (double) n;
        assertTrue(Math.abs(share - 2 / 3.0) < 0.015, "share " + share);
        assertFalse(pool.contains(0x01000100));
        assertFalse(pool.contains(0x00ffffff));
        assertTrue(pool.contains(0x020001ff));
    }

    @Test
    void shouldCutReservedRangesOutOfANetwork() {
        // Given 192.0.0.0/8, which holds several special-purpose /24s and 192.168.0.0/16
        List<long[]> parts = new ArrayList<>();
        ReservedRanges.forEachUsablePart(0xc0000000L, 0xc0ffffffL, (f, l) -> parts.add(new long[] {f, l}));

        // Then no part touches a reserved address, and the parts cover everything else
        long covered = 0;
        for (long[] p : parts) {
            for (long a = p[0]; a <= p[1]; a += 97) {
                assertFalse(ReservedRanges.isReserved((int) a), "reserved " + Long.toHexString(a));
            }
            covered += p[1] - p[0] + 1;
        }
        long reserved = 5 * 256 + 65_536; // 192.0.0/24, 192.0.2/24, 192.31.196/24, 192.52.193/24, 192.88.99/24 ...
        reserved += 256; // ... 192.175.48/24
        assertEquals((1L << 24) - reserved, covered);
    }
}
