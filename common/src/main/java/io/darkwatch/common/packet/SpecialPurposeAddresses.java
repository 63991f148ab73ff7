package io.darkwatch.common.packet;

import java.util.ArrayList;
import java.util.List;

/**
 * Addresses that belong to no country: the not-globally-reachable blocks of IANA's special-purpose
 * registries (RFC 6890 and successors) and multicast.
 *
 * <p>Why: some databases place such blocks in the region of the registry that administers them;
 * the bundled NRO-based database says AU for 192.168.0.0/16, 172.16.0.0/12 and 203.0.113.0/24 and
 * JP for 2001:db8::/32. A darknet sees such sources only when they are spoofed or leaked, and
 * counting them for Australia would invent an Australian surge. The producer maps them to
 * {@link PacketSummary#UNKNOWN_COUNTRY}; the simulator never draws a source from them. One list, so
 * the two cannot disagree.
 */
public final class SpecialPurposeAddresses {
    /** IPv4 blocks as {network, prefix length}. */
    private static final long[][] V4 = {
        {0x00000000L, 8},   // "this network"
        {0x0a000000L, 8},   // private
        {0x64400000L, 10},  // shared address space (CGN)
        {0x7f000000L, 8},   // loopback
        {0xa9fe0000L, 16},  // link-local
        {0xac100000L, 12},  // private
        {0xc0000000L, 24},  // IETF protocol assignments
        {0xc0000200L, 24},  // TEST-NET-1
        {0xc0586300L, 24},  // 6to4 relay anycast (deprecated)
        {0xc0a80000L, 16},  // private
        {0xc6120000L, 15},  // benchmarking
        {0xc6336400L, 24},  // TEST-NET-2
        {0xcb007100L, 24},  // TEST-NET-3
        {0xe0000000L, 4},   // multicast
        {0xf0000000L, 4},   // reserved, limited broadcast
    };

    /** IPv6 blocks by their upper 64 bits as {network, prefix length ≤ 64}, plus the two /128s below. */
    private static final long[][] V6 = {
        {0x0100_0000_0000_0000L, 64}, // discard-only
        {0x2001_0db8_0000_0000L, 32}, // documentation
        {0x3fff_0000_0000_0000L, 20}, // documentation (RFC 9637)
        {0xfc00_0000_0000_0000L, 7},  // unique local
        {0xfe80_0000_0000_0000L, 10}, // link-local
        {0xff00_0000_0000_0000L, 8},  // multicast
    };

    private SpecialPurposeAddresses() {
    }

    /** The IPv4 blocks as [first, last] address pairs (unsigned values in longs), in ascending order. */
    public static List<long[]> ipv4Ranges() {
        List<long[]> ranges = new ArrayList<>();
        for (long[] block : V4) {
            ranges.add(new long[] {block[0], block[0] + (1L << (32 - block[1])) - 1});
        }
        return ranges;
    }

    public static boolean isNonGlobal(IpAddress address) {
        if (address.isV4()) {
            long a = address.v4() & 0xffff_ffffL;
            for (long[] block : V4) {
                long mask = (0xffff_ffffL << (32 - block[1])) & 0xffff_ffffL;
                if ((a & mask) == block[0]) {
                    return true;
                }
            }
            return false;
        }
        if (address.high() == 0 && (address.low() == 0 || address.low() == 1)) {
            return true; // :: and ::1
        }
        for (long[] block : V6) {
            long mask = -1L << (64 - block[1]);
            if ((address.high() & mask) == block[0]) {
                return true;
            }
        }
        return false;
    }
}
