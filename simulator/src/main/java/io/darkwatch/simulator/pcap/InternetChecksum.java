package io.darkwatch.simulator.pcap;

/** The RFC 1071 ones'-complement checksum of IPv4, TCP, UDP and ICMP headers. */
public final class InternetChecksum {
    private InternetChecksum() {
    }

    /** Adds the 16-bit big-endian words of {@code bytes[offset, offset+length)} to {@code sum}, unfolded. */
    public static long add(long sum, byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            sum += ((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff);
        }
        if (i < end) {
            // An odd trailing byte is padded with a zero byte (RFC 1071 §4.1).
            sum += (bytes[i] & 0xff) << 8;
        }
        return sum;
    }

    /** Folds the carries into 16 bits and complements: the value to store in the header. */
    public static int finish(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    public static int of(byte[] bytes, int offset, int length) {
        return finish(add(0, bytes, offset, length));
    }
}
