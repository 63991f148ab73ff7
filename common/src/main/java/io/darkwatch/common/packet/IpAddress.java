package io.darkwatch.common.packet;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address as two longs: no byte[] to copy, cheap equals/hashCode, and one layout
 * for both families. IPv4 addresses are held IPv4-mapped (::ffff:a.b.c.d), as RFC 4291 §2.5.5.2
 * does, so {@link #isV4()} is a comparison rather than a flag that could disagree with the bits.
 */
public record IpAddress(long high, long low) implements Comparable<IpAddress> {

    private static final long V4_MAPPED_PREFIX = 0x0000_ffff_0000_0000L;

    public static IpAddress ofV4(int address) {
        return new IpAddress(0L, V4_MAPPED_PREFIX | (address & 0xffff_ffffL));
    }

    /** Reads 4 or 16 bytes at {@code offset}. */
    public static IpAddress of(byte[] bytes, int offset, int length) {
        if (length == 4) {
            return ofV4(((bytes[offset] & 0xff) << 24) | ((bytes[offset + 1] & 0xff) << 16)
                    | ((bytes[offset + 2] & 0xff) << 8) | (bytes[offset + 3] & 0xff));
        }
        if (length == 16) {
            return new IpAddress(readLong(bytes, offset), readLong(bytes, offset + 8));
        }
        throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + length);
    }

    public static IpAddress of(InetAddress address) {
        byte[] bytes = address.getAddress();
        return of(bytes, 0, bytes.length);
    }

    /** Parses a literal such as {@code 192.0.2.1} or {@code 2001:db8::1}; never does a DNS lookup. */
    public static IpAddress parse(String literal) {
        if (literal == null || literal.isEmpty()
                || !(literal.indexOf(':') >= 0 || literal.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            throw new IllegalArgumentException("not an IP address literal: " + literal);
        }
        try {
            return of(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: " + literal, e);
        }
    }

    public boolean isV4() {
        return high == 0L && (low & 0xffff_ffff_0000_0000L) == V4_MAPPED_PREFIX;
    }

    /** The IPv4 address as an int; only meaningful when {@link #isV4()}. */
    public int v4() {
        return (int) low;
    }

    public byte[] toBytes() {
        if (isV4()) {
            int a = v4();
            return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
        }
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (high >>> (56 - 8 * i));
            out[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return out;
    }

    public InetAddress toInetAddress() {
        try {
            return InetAddress.getByAddress(toBytes());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always a valid address", e);
        }
    }

    /** Dotted quad for IPv4; for IPv6 the compressed form of RFC 5952. */
    @Override
    public String toString() {
        if (isV4()) {
            int a = v4();
            return ((a >>> 24) & 0xff) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
        }
        return Rfc5952.format(high, low);
    }

    @Override
    public int compareTo(IpAddress other) {
        int c = Long.compareUnsigned(high, other.high);
        return c != 0 ? c : Long.compareUnsigned(low, other.low);
    }

    private static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    /** RFC 5952 text form: lower case, no leading zeros, the longest run (≥ 2) of zero groups as "::". */
    private static final class Rfc5952 {
        static String format(long high, long low) {
            int[] groups = new int[8];
            for (int i = 0; i < 4; i++) {
                groups[i] = (int) (high >>> (48 - 16 * i)) & 0xffff;
                groups[4 + i] = (int) (low >>> (48 - 16 * i)) & 0xffff;
            }
            int bestStart = -1;
            int bestLen = 1;
            for (int i = 0; i < 8; ) {
                if (groups[i] != 0) {
                    i++;
                    continue;
                }
                int j = i;
                while (j < 8 && groups[j] == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            }
            StringBuilder sb = new StringBuilder(39);
            for (int i = 0; i < 8; i++) {
                if (i == bestStart) {
                    sb.append("::");
                    i += bestLen - 1;
                    continue;
                }
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                    sb.append(':');
                }
                sb.append(Integer.toHexString(groups[i]));
            }
            return sb.toString();
        }
    }
}
