package io.darkwatch.capture.testing;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a classic little-endian microsecond pcap (Ethernet) of TCP SYNs from random IPv4 sources,
 * for tests that need many packets of many countries. Every packet has its own timestamp, so each is
 * told apart from the others when the topic is read back.
 */
public final class SyntheticCapture {
    private SyntheticCapture() {
    }

    /**
     * @param packets        how many packets
     * @param startMicros    the first packet's time, µs since the epoch
     * @param intervalMicros time between packets, µs
     * @param seed           seed for the source addresses and ports
     */
    public static Path write(Path file, int packets, long startMicros, long intervalMicros, long seed) {
        Random random = new Random(seed);
        try (OutputStream raw = Files.newOutputStream(file);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
            // global header: magic, version 2.4, thiszone, sigfigs, snaplen, link type 1 (Ethernet)
            le32(out, 0xa1b2c3d4);
            le16(out, 2);
            le16(out, 4);
            le32(out, 0);
            le32(out, 0);
            le32(out, 65535);
            le32(out, 1);
            for (int i = 0; i < packets; i++) {
                // sources from 1.0.0.0 to 223.255.255.255: mostly public, some special-purpose (ZZ)
                String src = (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                        + (1 + random.nextInt(254));
                byte[] frame = Frames.frame().ethernet(0x0800).ipv4(6, src, "198.18.0." + (1 + i % 254), 64, 40)
                        .tcp(1024 + random.nextInt(60000), 1 + random.nextInt(65535), 0x002).build();
                long ts = startMicros + i * intervalMicros;
                le32(out, (int) (ts / 1_000_000));
                le32(out, (int) (ts % 1_000_000));
                le32(out, frame.length);
                le32(out, frame.length);
                out.write(frame);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private static void le32(DataOutputStream out, int v) throws IOException {
        out.writeInt(Integer.reverseBytes(v));
    }

    private static void le16(DataOutputStream out, int v) throws IOException {
        out.writeShort(Short.reverseBytes((short) v));
    }
}
