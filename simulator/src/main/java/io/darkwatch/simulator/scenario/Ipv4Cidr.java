package io.darkwatch.simulator.scenario;

import io.darkwatch.common.packet.IpAddress;

/**
 * An IPv4 prefix such as {@code 203.0.113.0/24}: the darknet whose addresses receive the
 * simulated packets.
 *
 * @param network first address, host bits zero
 * @param prefixLength 0..32
 */
public record Ipv4Cidr(int network, int prefixLength) {

    public Ipv4Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("IPv4 prefix length must be 0..32, not " + prefixLength);
        }
        if ((network & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException("host bits are set in " + IpAddress.ofV4(network) + "/" + prefixLength);
        }
    }

    /** @throws IllegalArgumentException with the reason when {@code text} is not an IPv4 CIDR */
    public static Ipv4Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 CIDR (expected a.b.c.d/len)");
        }
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric prefix length");
        }
        return new Ipv4Cidr(parseAddress(text.substring(0, slash)), prefix);
    }

    /** Parses a dotted quad without name resolution. */
    public static int parseAddress(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + dotted + "' is not a dotted-quad IPv4 address");
        }
        int address = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("'" + dotted + "' is not a dotted-quad IPv4 address");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("'" + dotted + "' has an octet above 255");
            }
            address = (address << 8) | octet;
        }
        return address;
    }

    public long size() {
        return 1L << (32 - prefixLength);
    }

    public boolean contains(int address) {
        return (address & mask(prefixLength)) == network;
    }

    /** The address at {@code offset} (0 ≤ offset < size) inside the prefix. */
    public int addressAt(long offset) {
        return network + (int) offset;
    }

    @Override
    public String toString() {
        return IpAddress.ofV4(network) + "/" + prefixLength;
    }

    private static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }
}
