package io.darkwatch.simulator.geo;

import io.darkwatch.common.packet.SpecialPurposeAddresses;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * IPv4 ranges a simulated source is never drawn from: common's {@link SpecialPurposeAddresses}
 * (what the producer maps to no country: the bundled database would place 192.168.0.0/16 and the
 * documentation prefixes in AU) plus a few globally reachable but special blocks (AS112, AMT) that
 * never source scans. A source in them would also look spoofed to corsaro's filter.
 */
final class ReservedRanges {
    /** Sorted, non-overlapping [first, last] pairs as unsigned values in longs. */
    private static final long[][] RANGES = ranges();

    private static long[][] ranges() {
        List<long[]> all = new ArrayList<>(SpecialPurposeAddresses.ipv4Ranges());
        all.add(cidr(0xc01fc400, 24));   // 192.31.196.0/24 AS112-v4
        all.add(cidr(0xc034c100, 24));   // 192.52.193.0/24 AMT
        all.add(cidr(0xc0af3000, 24));   // 192.175.48.0/24 AS112 direct delegation
        all.sort(Comparator.comparingLong(r -> r[0]));
        return all.toArray(long[][]::new);
    }

    private ReservedRanges() {
    }

    interface RangeConsumer {
        void accept(long first, long last);
    }

    /** Calls {@code out} with the parts of [first, last] outside every reserved range, in order. */
    static void forEachUsablePart(long first, long last, RangeConsumer out) {
        long from = first;
        for (long[] r : RANGES) {
            if (r[1] < from) {
                continue;
            }
            if (r[0] > last) {
                break;
            }
            if (r[0] > from) {
                out.accept(from, r[0] - 1);
            }
            from = r[1] + 1;
            if (from > last) {
                return;
            }
        }
        out.accept(from, last);
    }

    static boolean isReserved(int address) {
        long a = address & 0xffff_ffffL;
        for (long[] r : RANGES) {
            if (a >= r[0] && a <= r[1]) {
                return true;
            }
        }
        return false;
    }

    private static long[] cidr(int network, int prefix) {
        long first = network & 0xffff_ffffL;
        return new long[] {first, first + (1L << (32 - prefix)) - 1};
    }
}
