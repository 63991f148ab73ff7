package io.darkwatch.capture.geo;

import io.darkwatch.common.packet.IpAddress;
import java.util.Objects;

/**
 * A CIDR block in the one 128-bit address space of {@link IpAddress}, where IPv4 lives at
 * ::ffff:0:0/96: the IPv4 block a.b.c.0/24 is ::ffff:a.b.c.0/120 here. One space means one
 * {@link #contains} for both families and no flag that could disagree with the bits.
 *
 * @param base         the first address; no bits set after the prefix
 * @param prefixLength 0..128, counted in the 128-bit space
 */
public record IpNetwork(IpAddress base, int prefixLength) {
    /** Prefix length in the 128-bit space of the IPv4 block ::ffff:0:0/96 itself. */
    static final int V4_OFFSET = 96;

    public IpNetwork {
        Objects.requireNonNull(base, "base");
        if (prefixLength < 0 || prefixLength > 128) {
            throw new IllegalArgumentException("prefix length must be 0..128, not " + prefixLength);
        }
        if ((base.high() & ~highMask(prefixLength)) != 0 || (base.low() & ~lowMask(prefixLength)) != 0) {
            throw new IllegalArgumentException(base + " has bits set after the first " + prefixLength);
        }
    }

    /** The block of {@code prefixLength} bits (128-bit space) that holds {@code address}. */
    public static IpNetwork around(IpAddress address, int prefixLength) {
        if (prefixLength < 0 || prefixLength > 128) {
            throw new IllegalArgumentException("prefix length must be 0..128, not " + prefixLength);
        }
        return new IpNetwork(new IpAddress(address.high() & highMask(prefixLength), address.low() & lowMask(prefixLength)),
                prefixLength);
    }

    /** The block that holds just {@code address}: what any answer is valid for. */
    public static IpNetwork single(IpAddress address) {
        return new IpNetwork(address, 128);
    }

    public boolean contains(IpAddress address) {
        return (address.high() & highMask(prefixLength)) == base.high()
                && (address.low() & lowMask(prefixLength)) == base.low();
    }

    /** Whether the block lies inside ::ffff:0:0/96, i.e. holds IPv4 addresses only. */
    public boolean isV4() {
        return prefixLength >= V4_OFFSET && base.isV4();
    }

    /** Mask of the upper 64 bits for a prefix length (Java shifts by 64 are shifts by 0, hence the cases). */
    static long highMask(int prefixLength) {
        return prefixLength == 0 ? 0L : prefixLength >= 64 ? -1L : -1L << (64 - prefixLength);
    }

    static long lowMask(int prefixLength) {
        return prefixLength <= 64 ? 0L : prefixLength == 128 ? -1L : -1L << (128 - prefixLength);
    }

    /** {@code 81.2.64.0/18} for an IPv4 block, {@code 2001:218::/35} otherwise. */
    @Override
    public String toString() {
        return isV4() ? base + "/" + (prefixLength - V4_OFFSET) : base + "/" + prefixLength;
    }
}
