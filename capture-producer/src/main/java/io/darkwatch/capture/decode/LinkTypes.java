package io.darkwatch.capture.decode;

/**
 * Link-layer type numbers as libpcap reports them for an open capture (DLT values; on Linux,
 * LINKTYPE_RAW 101 in a file is reported as DLT_RAW 12).
 */
public final class LinkTypes {
    /** BSD loopback: 4-byte address family in the byte order of the capturing host. */
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    /** DLT_RAW on Linux and most systems. */
    public static final int RAW_12 = 12;
    /** DLT_RAW on OpenBSD. */
    public static final int RAW_14 = 14;
    /** LINKTYPE_RAW as written in files. */
    public static final int RAW = 101;
    /** OpenBSD loopback: like NULL, address family normally in network byte order. */
    public static final int LOOP = 108;
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;

    private LinkTypes() {
    }

    /** Whether {@link PacketDecoder} reads frames of this link type. */
    public static boolean isSupported(int linkType) {
        return switch (linkType) {
            case NULL, ETHERNET, RAW_12, RAW_14, RAW, LOOP, LINUX_SLL, IPV4, IPV6, LINUX_SLL2 -> true;
            default -> false;
        };
    }
}
