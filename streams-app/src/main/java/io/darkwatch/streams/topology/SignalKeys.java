package io.darkwatch.streams.topology;

import io.darkwatch.common.packet.IpAddress;
import java.nio.ByteBuffer;

/**
 * Keys of the signal-counts store: {@code [windowStart i64][country 2 ASCII][dimension u8][value]},
 * big-endian, so that RocksDB keeps one window's counts together and in country order. Closing a
 * window is then one prefix scan over its 8-byte start, and counting a packet touches a handful of
 * small keys instead of (de)serializing a whole per-country object.
 *
 * <p>Window starts are never negative (negative timestamps are dropped at the source), so the
 * unsigned byte order of the big-endian start is its numeric order.
 */
final class SignalKeys {
    /** Value: 4 × i64 — packets, SYN/ACK, backscatter, scan. */
    static final byte TOTALS = 0;
    /** Value part: u16 TCP flag set. */
    static final byte FLAGS = 1;
    /** Value part: u16 destination port. */
    static final byte DST_PORT = 2;
    /** Value part: 16-byte source address of a SYN/ACK (the victim, IPv4-mapped for IPv4). */
    static final byte VICTIM = 3;
    /** Value part: u16 source port of a SYN/ACK (the port the victim answered from). */
    static final byte VICTIM_PORT = 4;
    /** No value part; value: a {@code DistinctSketch} of the sources of packets that are not backscatter. */
    static final byte UNIQUE_SOURCES = 5;
    /** Value part: u16 destination port of a scan packet (TCP SYN without ACK). */
    static final byte SCAN_PORT = 6;
    /**
     * Value part: 16-byte source netblock of scan packets ({@link Netblocks}); value: a
     * {@code DistinctSketch} of the destination ports it scanned.
     */
    static final byte SCAN_NETBLOCK = 7;

    static final int PREFIX_LENGTH = 8;
    private static final int HEADER_LENGTH = PREFIX_LENGTH + 2 + 1;

    private SignalKeys() {
    }

    static byte[] windowPrefix(long windowStart) {
        return ByteBuffer.allocate(PREFIX_LENGTH).putLong(windowStart).array();
    }

    static byte[] totals(long windowStart, String country) {
        return header(HEADER_LENGTH, windowStart, country, TOTALS).array();
    }

    static byte[] uniqueSources(long windowStart, String country) {
        return header(HEADER_LENGTH, windowStart, country, UNIQUE_SOURCES).array();
    }

    static byte[] withPort(long windowStart, String country, byte dimension, int port) {
        return header(HEADER_LENGTH + 2, windowStart, country, dimension).putShort((short) port).array();
    }

    static byte[] victim(long windowStart, String country, IpAddress address) {
        return withAddress(windowStart, country, VICTIM, address);
    }

    static byte[] withAddress(long windowStart, String country, byte dimension, IpAddress address) {
        return header(HEADER_LENGTH + 16, windowStart, country, dimension).putLong(address.high())
                .putLong(address.low()).array();
    }

    static long windowStart(byte[] key) {
        return ByteBuffer.wrap(key).getLong(0);
    }

    static String country(byte[] key) {
        return new String(new char[] {(char) key[PREFIX_LENGTH], (char) key[PREFIX_LENGTH + 1]});
    }

    static byte dimension(byte[] key) {
        return key[PREFIX_LENGTH + 2];
    }

    /** The u16 after the header: a flag set or a port. */
    static int u16(byte[] key) {
        return ByteBuffer.wrap(key).getShort(HEADER_LENGTH) & 0xffff;
    }

    static IpAddress address(byte[] key) {
        ByteBuffer b = ByteBuffer.wrap(key);
        return new IpAddress(b.getLong(HEADER_LENGTH), b.getLong(HEADER_LENGTH + 8));
    }

    private static ByteBuffer header(int length, long windowStart, String country, byte dimension) {
        return ByteBuffer.allocate(length).putLong(windowStart).put((byte) country.charAt(0))
                .put((byte) country.charAt(1)).put(dimension);
    }
}
