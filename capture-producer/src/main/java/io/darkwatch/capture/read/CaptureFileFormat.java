package io.darkwatch.capture.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The on-disk formats libpcap reads, told apart by the file's first four bytes, with what the reader
 * needs to know about each: how many bytes the file header and each record header take (for
 * progress), and whether record timestamps are 32-bit unsigned seconds.
 *
 * <p>Checking the magic number here, before libpcap sees the file, gives a user "bad magic number
 * 0x…" or "gzip-compressed" instead of libpcap's bare "unknown file format".
 */
enum CaptureFileFormat {
    /** Classic pcap, microsecond or nanosecond timestamps: 24-byte file header, 16-byte record headers. */
    PCAP(24, 16, true),
    /** Kuznetzov's "modified" pcap: 24-byte record headers. libpcap reads it. */
    PCAP_MODIFIED(24, 24, true),
    /**
     * pcapng: block sizes vary with options, so progress is estimated from the Enhanced Packet
     * Blocks' fixed part (32 bytes) and padded data; section and interface blocks are not counted.
     */
    PCAPNG(0, 32, false);

    private final int fileHeaderBytes;
    private final int recordHeaderBytes;
    private final boolean unsignedSeconds32;

    CaptureFileFormat(int fileHeaderBytes, int recordHeaderBytes, boolean unsignedSeconds32) {
        this.fileHeaderBytes = fileHeaderBytes;
        this.recordHeaderBytes = recordHeaderBytes;
        this.unsignedSeconds32 = unsignedSeconds32;
    }

    int fileHeaderBytes() {
        return fileHeaderBytes;
    }

    /** Bytes one record with {@code capturedLength} bytes takes in the file (exact for pcap, a lower bound for pcapng). */
    long recordBytes(int capturedLength) {
        return this == PCAPNG ? recordHeaderBytes + ((capturedLength + 3L) & ~3L) : recordHeaderBytes + (long) capturedLength;
    }

    /**
     * pcap record headers hold seconds as an unsigned 32-bit number (valid to 2106). libpcap 1.10
     * sign-extends it into time_t, so a "negative" second from such a file is a time after 2038.
     */
    boolean hasUnsignedSeconds32() {
        return unsignedSeconds32;
    }

    /**
     * Reads the magic number.
     *
     * @throws CaptureFileException for anything that is not a capture libpcap can read
     */
    static CaptureFileFormat detect(Path file) {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 4);
        } catch (IOException e) {
            throw new CaptureFileException(file, "cannot read: " + e.getMessage(), e);
        }
        if (n == 0) {
            throw new CaptureFileException(file, "not a pcap or pcapng file: the file is empty");
        }
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            throw new CaptureFileException(file, "not a pcap or pcapng file: it is gzip-compressed, decompress it first");
        }
        if (n < 4) {
            throw new CaptureFileException(file, "not a pcap or pcapng file: only " + n + " bytes long");
        }
        int bigEndian = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
        int littleEndian = Integer.reverseBytes(bigEndian);
        if (bigEndian == 0x0a0d0d0a) {
            return PCAPNG;
        }
        for (int magic : new int[] {bigEndian, littleEndian}) {
            switch (magic) {
                case 0xa1b2c3d4, 0xa1b23c4d -> {
                    return PCAP;
                }
                case 0xa1b2cd34 -> {
                    return PCAP_MODIFIED;
                }
                default -> {
                    // try the other byte order
                }
            }
        }
        throw new CaptureFileException(file, String.format("not a pcap or pcapng file: bad magic number 0x%08x", bigEndian));
    }
}
