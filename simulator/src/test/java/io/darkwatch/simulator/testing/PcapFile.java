package io.darkwatch.simulator.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small classic-pcap reader for tests, written from the file format description (not from the
 * simulator's writer), so a writer bug cannot cancel itself out. Verifies every checksum.
 */
public record PcapFile(int magic, int versionMajor, int versionMinor, int snaplen, int linkType,
        List<CapturedFrame> frames) {

    public static PcapFile read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt();
        long unitNanos = switch (magic) {
            case 0xa1b2c3d4 -> 1_000;
            case 0xa1b23c4d -> 1;
            default -> throw new IOException("not a little-endian classic pcap: magic " + Integer.toHexString(magic));
        };
        int major = b.getShort() & 0xffff;
        int minor = b.getShort() & 0xffff;
        b.getInt();
        b.getInt();
        int snaplen = b.getInt();
        int linkType = b.getInt();
        List<CapturedFrame> frames = new ArrayList<>();
        while (b.hasRemaining()) {
            long seconds = b.getInt() & 0xffff_ffffL;
            long fraction = b.getInt() & 0xffff_ffffL;
            int captured = b.getInt();
            int original = b.getInt();
            byte[] frame = new byte[captured];
            b.get(frame);
            frames.add(decode(seconds * 1_000_000_000L + fraction * unitNanos, captured, original, frame));
        }
        return new PcapFile(magic, major, minor, snaplen, linkType, frames);
    }

    private static CapturedFrame decode(long ts, int captured, int original, byte[] f) {
        int etherType = u16(f, 12);
        int ip = 14;
        int ihl = (f[ip] & 0x0f) * 4;
        int totalLength = u16(f, ip + 2);
        int flagsAndFragment = u16(f, ip + 6);
        int ttl = f[ip + 8] & 0xff;
        int protocol = f[ip + 9] & 0xff;
        int src = s32(f, ip + 12);
        int dst = s32(f, ip + 16);
        boolean ipOk = onesComplementSum(f, ip, ihl, 0) == 0xffff;
        int t = ip + ihl;
        int transportLength = totalLength - ihl;
        int srcPort = 0;
        int dstPort = 0;
        int flags = 0;
        int dataOffset = 0;
        int icmpType = -1;
        boolean transportOk;
        if (protocol == 1) {
            icmpType = f[t] & 0xff;
            transportOk = onesComplementSum(f, t, transportLength, 0) == 0xffff;
        } else {
            srcPort = u16(f, t);
            dstPort = u16(f, t + 2);
            if (protocol == 6) {
                dataOffset = (f[t + 12] & 0xf0) >>> 4;
                flags = ((f[t + 12] & 0x01) << 8) | (f[t + 13] & 0xff);
            }
            long pseudo = (src >>> 16 & 0xffff) + (src & 0xffff) + (dst >>> 16 & 0xffff) + (dst & 0xffff) + protocol
                    + transportLength;
            transportOk = onesComplementSum(f, t, transportLength, pseudo) == 0xffff;
        }
        return new CapturedFrame(ts, captured, original, etherType, src, dst, protocol, ttl, totalLength,
                flagsAndFragment, srcPort, dstPort, flags, dataOffset, icmpType, ipOk, transportOk);
    }

    /** Ones'-complement sum folded to 16 bits: 0xffff over a region whose checksum field is right. */
    private static int onesComplementSum(byte[] f, int offset, int length, long initial) {
        long sum = initial;
        for (int i = 0; i < length; i += 2) {
            int hi = f[offset + i] & 0xff;
            int lo = i + 1 < length ? f[offset + i + 1] & 0xff : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }

    private static int u16(byte[] f, int at) {
        return ((f[at] & 0xff) << 8) | (f[at + 1] & 0xff);
    }

    private static int s32(byte[] f, int at) {
        return ((f[at] & 0xff) << 24) | ((f[at + 1] & 0xff) << 16) | ((f[at + 2] & 0xff) << 8) | (f[at + 3] & 0xff);
    }
}
