package io.darkwatch.capture.geo;

import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.SpecialPurposeAddresses;
import java.util.List;

/**
 * Keeps the networks of GeoIP answers on one side of the special-purpose line of
 * {@link SpecialPurposeAddresses}: those addresses are "unknown" whatever the database says, so a
 * network that mixed them with public addresses would carry a wrong answer for one or the other
 * into a cache.
 *
 * <ul>
 *   <li>IPv4: the blocks come from {@link SpecialPurposeAddresses#ipv4Ranges()}. A database network
 *       around a public address is cut down to the largest block around the address that holds
 *       none of them: for each special block inside it, the prefix grows to one bit past where the
 *       address and the block part.</li>
 *   <li>IPv6: {@code SpecialPurposeAddresses} does not publish its IPv6 list; it decides on the
 *       upper 64 bits alone (blocks of /64 or shorter) except for :: and ::1. So an IPv6 network
 *       is never wider than the address's /64, and inside ::/64 (which holds :: and ::1) it is the
 *       address alone. {@code SpecialPurposeNetworksTest} checks that assumption against
 *       {@code isNonGlobal}; if common ever publishes its blocks, IPv6 can be cut as IPv4 is.</li>
 * </ul>
 */
final class SpecialPurposeNetworks {
    /** IPv4 special blocks: base address and prefix length (of 32). */
    private static final int[] V4_BASES;
    private static final int[] V4_PREFIXES;
    private static final int V6_SPECIAL_GRANULARITY = 64;

    static {
        List<long[]> ranges = SpecialPurposeAddresses.ipv4Ranges();
        V4_BASES = new int[ranges.size()];
        V4_PREFIXES = new int[ranges.size()];
        for (int i = 0; i < ranges.size(); i++) {
            long first = ranges.get(i)[0];
            long size = ranges.get(i)[1] - first + 1;
            if (Long.bitCount(size) != 1 || (first & (size - 1)) != 0) {
                throw new IllegalStateException("special-purpose range " + i + " is not a CIDR block");
            }
            V4_BASES[i] = (int) first;
            V4_PREFIXES[i] = 32 - Long.numberOfTrailingZeros(size);
        }
    }

    private SpecialPurposeNetworks() {
    }

    /** A block around a special-purpose (non-global) address that holds only special-purpose addresses. */
    static IpNetwork aroundNonGlobal(IpAddress address) {
        if (address.isV4()) {
            int a = address.v4();
            for (int i = 0; i < V4_BASES.length; i++) {
                if (sameUpperBits(a, V4_BASES[i], V4_PREFIXES[i])) {
                    return IpNetwork.around(address, IpNetwork.V4_OFFSET + V4_PREFIXES[i]);
                }
            }
            return IpNetwork.single(address);
        }
        return address.high() == 0 ? IpNetwork.single(address) : IpNetwork.around(address, V6_SPECIAL_GRANULARITY);
    }

    /**
     * The block of {@code prefixLength} bits (128-bit space) around a public address, cut down until
     * it holds no special-purpose address. An IPv4 address's block never leaves ::ffff:0:0/96.
     */
    static IpNetwork aroundGlobal(IpAddress address, int prefixLength) {
        if (address.isV4()) {
            int a = address.v4();
            int p = Math.max(prefixLength, IpNetwork.V4_OFFSET) - IpNetwork.V4_OFFSET;
            for (int i = 0; i < V4_BASES.length; i++) {
                int block = V4_BASES[i];
                if (sameUpperBits(a, block, V4_PREFIXES[i])) {
                    return IpNetwork.single(address); // not public after all: claim nothing beyond it
                }
                if (V4_PREFIXES[i] > p && sameUpperBits(a, block, p)) {
                    // the special block lies inside the network: keep only the side of the address
                    p = Integer.numberOfLeadingZeros(a ^ block) + 1;
                }
            }
            return IpNetwork.around(address, IpNetwork.V4_OFFSET + p);
        }
        if (address.high() == 0) {
            return IpNetwork.single(address);
        }
        return IpNetwork.around(address, Math.max(prefixLength, V6_SPECIAL_GRANULARITY));
    }

    private static boolean sameUpperBits(int a, int b, int bits) {
        return bits == 0 || ((a ^ b) >>> (32 - bits)) == 0;
    }
}
