package io.darkwatch.simulator.geo;

/**
 * IPv4 ranges that never source real Internet traffic (IANA special-purpose registry, RFC 6890 and
 * successors, plus multicast and class E). The bundled database maps a few of them to a country
 * (192.168.0.0/16 and the documentation prefixes to AU, for instance), so they are cut out before a
 * simulated source is picked; a source in them would also look spoofed to corsaro's filter.
 */
final class ReservedRanges {
    /** Sorted, non-overlapping [first, last] pairs as unsigned values in longs. */
    private static final long[][] RANGES = {
            cidr(0x00000000, 8),    // 0.0.0.0/8 "this network"
            cidr(0x0a000000, 8),    // 10.0.0.0/8 private
            cidr(0x64400000, 10),   // 100.64.0.0/10 shared address space (CGN)
            cidr(0x7f000000, 8),    // 127.0.0.0/8 loopback
            cidr(0xa9fe0000, 16),   // 169.254.0.0/16 link local
            cidr(0xac100000, 12),   // 172.16.0.0/12 private
            cidr(0xc0000000, 24),   // 192.0.0.0/24 IETF protocol assignments
            cidr(0xc0000200, 24),   // 192.0.2.0/24 TEST-NET-1
            cidr(0xc01fc400, 24),   // 192.31.196.0/24 AS112-v4
            cidr(0xc034c100, 24),   // 192.52.193.0/24 AMT
            cidr(0xc0586300, 24),   // 192.88.99.0/24 6to4 relay anycast (deprecated)
            cidr(0xc0a80000, 16),   // 192.168.0.0/16 private
            cidr(0xc0af3000, 24),   // 192.175.48.0/24 AS112 direct delegation
            cidr(0xc6120000, 15),   // 198.18.0.0/15 benchmarking
            cidr(0xc6336400, 24),   // 198.51.100.0/24 TEST-NET-2
            cidr(0xcb007100, 24),   // 203.0.113.0/24 TEST-NET-3
            cidr(0xe0000000, 3),    // 224.0.0.0/4 multicast and 240.0.0.0/4 reserved, incl. broadcast
    };

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
