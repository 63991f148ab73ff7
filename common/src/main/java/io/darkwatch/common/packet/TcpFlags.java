package io.darkwatch.common.packet;

/**
 * The nine TCP flag bits as they sit in the header's 13th/14th bytes (RFC 9293 plus AE from
 * RFC 9768 / formerly NS), so {@code flags & SYN} works on the value the decoder reads.
 */
public final class TcpFlags {
    public static final int FIN = 0x001;
    public static final int SYN = 0x002;
    public static final int RST = 0x004;
    public static final int PSH = 0x008;
    public static final int ACK = 0x010;
    public static final int URG = 0x020;
    public static final int ECE = 0x040;
    public static final int CWR = 0x080;
    public static final int AE = 0x100;

    /** All nine bits. */
    public static final int MASK = 0x1ff;

    private static final String[] NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE"};

    private TcpFlags() {
    }

    /** "SYN|ACK"-style label, in a fixed order; "NONE" for an empty set. */
    public static String label(int flags) {
        if ((flags & MASK) == 0) {
            return "NONE";
        }
        StringBuilder sb = new StringBuilder();
        // Conventional order: SYN, ACK first, so "SYN|ACK" reads as people write it.
        int[] order = {1, 4, 2, 0, 3, 5, 6, 7, 8};
        for (int bit : order) {
            if ((flags & (1 << bit)) != 0) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(NAMES[bit]);
            }
        }
        return sb.toString();
    }
}
