package io.darkwatch.streams.topology;

import io.darkwatch.common.packet.IpAddress;

/**
 * The source netblock a scanner is counted under: its /24 for IPv4, its /48 for IPv6. A scanning
 * operation spreads its probes over several addresses of one block (and a single host's address
 * changes within it), so a sweep of many ports is seen per block rather than per address.
 */
final class Netblocks {
    private static final long V4_24_MASK = 0xFFFF_FFFF_FFFF_FF00L;
    private static final long V6_48_MASK = 0xFFFF_FFFF_FFFF_0000L;

    private Netblocks() {
    }

    static IpAddress of(IpAddress address) {
        return address.isV4() ? new IpAddress(address.high(), address.low() & V4_24_MASK)
                : new IpAddress(address.high() & V6_48_MASK, 0L);
    }

    /** The block in CIDR notation, e.g. {@code 203.0.113.0/24}. */
    static String label(IpAddress block) {
        return block + (block.isV4() ? "/24" : "/48");
    }
}
