package io.darkwatch.simulator.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.packet.TcpFlags;
import io.darkwatch.simulator.scenario.Ipv4Cidr;
import io.darkwatch.simulator.testing.CapturedFrame;
import io.darkwatch.simulator.testing.PcapFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapWriterTest {
    private static final int SRC = Ipv4Cidr.parseAddress("8.8.4.4");
    private static final int DST = Ipv4Cidr.parseAddress("203.0.113.77");
    private static final long TS = 1_645_660_800_123_456_789L; // 2022-02-24T00:00:00.123456789Z

    @Test
    void shouldComputeTheRfc1071ExampleChecksum() {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (one's complement), checksum 220d.
        byte[] data = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        assertEquals(0x220d, InternetChecksum.of(data, 0, data.length));
    }

    @Test
    void shouldWriteFramesThatAnIndependentReaderDecodesWithValidChecksums(@TempDir Path dir) throws Exception {
        // Given a TCP SYN/ACK, a UDP probe with an odd-length payload and an ICMP echo request
        Path file = dir.resolve("three.pcap");
        FrameEncoder encoder = new FrameEncoder();
        try (PcapWriter writer = PcapWriter.create(file, TimestampPrecision.MICROS)) {
            writer.write(TS, encoder.buffer(), 0, encoder.tcp(SRC, DST, 57, 4242, 443, 51000, 0x01020304,
                    0x0a0b0c0d, TcpFlags.SYN | TcpFlags.ACK, 29200));
            writer.write(TS + 1_000, encoder.buffer(), 0, encoder.udp(SRC, DST, 110, 7, 40000, 53, 29));
            writer.write(TS + 2_000, encoder.buffer(), 0, encoder.icmp(SRC, DST, 250, 9, 8, 0, 0x00010002, 32));
            assertEquals(3, writer.packetsWritten());
        }

        // When the file is read back by the test's own parser
        PcapFile pcap = PcapFile.read(file);

        // Then the global header is classic little-endian pcap, µs, Ethernet
        assertEquals(0xa1b2c3d4, pcap.magic());
        assertEquals(2, pcap.versionMajor());
        assertEquals(4, pcap.versionMinor());
        assertEquals(PcapWriter.SNAPLEN, pcap.snaplen());
        assertEquals(PcapWriter.LINKTYPE_ETHERNET, pcap.linkType());
        List<CapturedFrame> frames = pcap.frames();
        assertEquals(3, frames.size());
        // And every frame decodes with the fields written and valid checksums
        CapturedFrame tcp = frames.get(0);
        assertEquals(TS / 1_000 * 1_000, tcp.timestampNanos(), "µs file truncates to microseconds");
        assertEquals(0x0800, tcp.etherType());
        assertEquals(54, tcp.capturedLength());
        assertEquals(tcp.capturedLength(), tcp.originalLength());
        assertEquals(SRC, tcp.src());
        assertEquals(DST, tcp.dst());
        assertEquals(6, tcp.protocol());
        assertEquals(57, tcp.ttl());
        assertEquals(443, tcp.srcPort());
        assertEquals(51000, tcp.dstPort());
        assertEquals(TcpFlags.SYN | TcpFlags.ACK, tcp.tcpFlags());
        assertEquals(5, tcp.tcpDataOffset(), "no TCP options");
        assertEquals(0x4000, tcp.flagsAndFragment(), "DF, not a fragment");
        CapturedFrame udp = frames.get(1);
        assertEquals(17, udp.protocol());
        assertEquals(53, udp.dstPort());
        assertEquals(20 + 8 + 29, udp.ipTotalLength());
        CapturedFrame icmp = frames.get(2);
        assertEquals(1, icmp.protocol());
        assertEquals(8, icmp.icmpType());
        for (CapturedFrame f : frames) {
            assertTrue(f.ipChecksumOk(), "IPv4 checksum of " + f);
            assertTrue(f.transportChecksumOk(), "transport checksum of " + f);
            assertEquals(f.capturedLength(), 14 + f.ipTotalLength());
        }
        assertEquals(24 + 3 * 16 + 54 + (14 + 20 + 8 + 29) + (14 + 20 + 8 + 32), Files.size(file));
    }

    @Test
    void shouldKeepNanosecondsInANanosecondFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ns.pcap");
        FrameEncoder encoder = new FrameEncoder();
        try (PcapWriter writer = PcapWriter.create(file, TimestampPrecision.NANOS)) {
            writer.write(TS, encoder.buffer(), 0, encoder.tcp(SRC, DST, 60, 1, 1, 2, 3, 0, TcpFlags.SYN, 1024));
        }
        PcapFile pcap = PcapFile.read(file);
        assertEquals(0xa1b23c4d, pcap.magic());
        assertEquals(TS, pcap.frames().get(0).timestampNanos());
    }

    @Test
    void shouldRejectTimestampsPcapCannotHold(@TempDir Path dir) throws Exception {
        try (PcapWriter writer = PcapWriter.create(dir.resolve("x.pcap"), TimestampPrecision.MICROS)) {
            assertThrows(IllegalArgumentException.class, () -> writer.write(-1, new byte[60], 0, 60));
        }
    }

    @Test
    void shouldWriteFramesLargerThanWhatIsLeftInItsBuffer(@TempDir Path dir) throws Exception {
        // Given more frames than fit in the writer's 1 MiB buffer
        Path file = dir.resolve("many.pcap");
        FrameEncoder encoder = new FrameEncoder();
        int count = 50_000;
        try (PcapWriter writer = PcapWriter.create(file, TimestampPrecision.MICROS)) {
            for (int i = 0; i < count; i++) {
                writer.write(TS + i * 1_000L, encoder.buffer(), 0, encoder.udp(SRC, DST + (i & 0xff), 64, i, 1000,
                        i % 65535 + 1, i % 100));
            }
        }
        // Then all are there, in order, intact
        List<CapturedFrame> frames = PcapFile.read(file).frames();
        assertEquals(count, frames.size());
        for (int i = 0; i < count; i++) {
            assertEquals(i % 65535 + 1, frames.get(i).dstPort());
            assertTrue(frames.get(i).transportChecksumOk());
        }
    }
}
