package io.darkwatch.common.packet;

/** IANA protocol numbers darkwatch looks at. */
public final class IpProtocol {
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMPV6 = 58;

    private IpProtocol() {
    }

    public static String name(int protocol) {
        return switch (protocol) {
            case ICMP -> "icmp";
            case TCP -> "tcp";
            case UDP -> "udp";
            case ICMPV6 -> "icmpv6";
            default -> Integer.toString(protocol);
        };
    }
}
