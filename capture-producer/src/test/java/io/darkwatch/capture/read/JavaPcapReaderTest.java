package io.darkwatch.capture.read;

import static io.darkwatch.capture.testing.PcapngBuilder.pcapng;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.capture.decode.LinkTypes;
import io.darkwatch.capture.testing.PcapRewriter;
import io.darkwatch.capture.testing.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaPcapReaderTest {
    @TempDir
    Path tmp;

    private static List<CaptureFrame> readAll(CaptureReader reader) {
        List<CaptureFrame> frames = new ArrayList<>();
        CaptureFrame f;
        while ((f = reader.next()) != null) {
            frames.add(f);
        }
        return frames;
    }

    private static List<CaptureFrame> readAll(Path file, Function<Path, CaptureReader> opener) {
        try (CaptureReader reader = opener.apply(file)) {
            return readAll(reader);
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = tmp.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private static void assertSameFrames(List<CaptureFrame> expected, List<CaptureFrame> actual) {
        assertEquals(expected.size(), actual.size(), "frames");
        for (int i = 0; i < expected.size(); i++) {
            CaptureFrame e = expected.get(i);
            CaptureFrame a = actual.get(i);
            assertEquals(e.timestampNanos(), a.timestampNanos(), "time of frame " + i);
            assertEquals(e.linkType(), a.linkType());
            assertEquals(e.wireLength(), a.wireLength());
            assertArrayEquals(Arrays.copyOf(e.data(), e.capturedLength()), Arrays.copyOf(a.data(), a.capturedLength()));
        }
    }

    @Test
    void shouldReadBigEndianAndNanosecondVersionsOfACorpusPcapAsTheOriginal() throws IOException {
        // Given a little-endian microsecond corpus pcap and its three other forms
        byte[] original = Files.readAllBytes(TestData.capture("zeek__wikipedia.pcap"));
        List<CaptureFrame> expected = readAll(TestData.capture("zeek__wikipedia.pcap"), JavaPcapReader::open);
        byte[] bigEndianNanos = PcapRewriter.rewrite(original, ByteOrder.BIG_ENDIAN, true);
        byte[] bigEndianMicros = PcapRewriter.rewrite(original, ByteOrder.BIG_ENDIAN, false);
        byte[] littleEndianNanos = PcapRewriter.rewrite(original, ByteOrder.LITTLE_ENDIAN, true);
        assertEquals(0xa1, bigEndianNanos[0] & 0xff, "big-endian magic comes first as a1 b2 3c 4d");
        assertEquals(0x4d, bigEndianNanos[3] & 0xff);

        // When each is read by both readers, then every one gives the original's frames
        for (byte[] form : List.of(bigEndianNanos, bigEndianMicros, littleEndianNanos)) {
            Path file = write("form.pcap", form);
            assertSameFrames(expected, readAll(file, JavaPcapReader::open));
            assertSameFrames(expected, readAll(file, Pcap4jFileReader::open));
        }
        // And converting back gives the original bytes
        assertArrayEquals(original, PcapRewriter.rewrite(bigEndianNanos, ByteOrder.LITTLE_ENDIAN, false));
    }

    @Test
    void shouldReturnEveryWholeFrameOfACutPcapAndReportTheTruncation() throws IOException {
        // Given print-flags.pcap (10 frames) cut inside its 4th record
        byte[] whole = Files.readAllBytes(TestData.capture("tcpdump__print-flags.pcap"));
        Path cut = write("cut.pcap", Arrays.copyOf(whole, 500));

        try (JavaPcapReader reader = JavaPcapReader.open(cut)) {
            List<CaptureFrame> frames = readAll(reader);

            assertEquals(3, frames.size());
            assertEquals(Optional.of("file ended early after 3 frames: truncated record: its header says 268"
                    + " captured bytes, only 198 are left"), reader.truncation());
            assertNull(reader.next(), "stays at the end");
            assertEquals(500, reader.bytesConsumed());
        }
    }

    @Test
    void shouldReportARecordHeaderCutShort() throws IOException {
        byte[] whole = Files.readAllBytes(TestData.capture("zeek__tcp_syn-synack.pcap"));
        int firstRecordEnd = 24 + 16 + 78;
        try (JavaPcapReader reader = JavaPcapReader.open(write("cut.pcap", Arrays.copyOf(whole, firstRecordEnd + 10)))) {
            assertEquals(1, readAll(reader).size());
            assertEquals("file ended early after 1 frames: truncated record header: 10 of 16 bytes",
                    reader.truncation().orElseThrow());
        }
    }

    @Test
    void shouldStopAtARecordLongerThanTheSnapshotLength() throws IOException {
        // Given syn-synack.pcap (snaplen 65535) whose second record claims 70000 captured bytes
        byte[] bytes = Files.readAllBytes(TestData.capture("zeek__tcp_syn-synack.pcap"));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 16 + 78 + 8, 70_000);

        try (JavaPcapReader reader = JavaPcapReader.open(write("corrupt.pcap", bytes))) {
            assertEquals(1, readAll(reader).size());
            assertEquals("file ended early after 1 frames: record 2 claims 70000 captured bytes, more than the"
                    + " file's snapshot length 65535", reader.truncation().orElseThrow());
        }
    }

    @Test
    void shouldStopAtAnAbsurdRecordLengthWhenTheSnapshotLengthIsZero() throws IOException {
        byte[] bytes = Files.readAllBytes(TestData.capture("zeek__tcp_syn-synack.pcap"));
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(16, 0);
        b.putInt(24 + 8, -2);

        try (JavaPcapReader reader = JavaPcapReader.open(write("corrupt.pcap", bytes))) {
            assertNull(reader.next());
            assertEquals("file ended early after 0 frames: record 1 claims 4294967294 captured bytes, more than the"
                    + " maximum 262144", reader.truncation().orElseThrow());
        }
    }

    @Test
    void shouldMaskTheFcsBitsOfTheLinkTypeWord() {
        try (JavaPcapReader reader = JavaPcapReader.open(TestData.capture("tcpdump__tcp_header_heapoverflow.pcap"))) {
            CaptureFrame f = reader.next();
            assertEquals(LinkTypes.ETHERNET, f.linkType());
            assertEquals(46, f.capturedLength());
            assertEquals(262144, f.wireLength());
        }
    }

    @Test
    void shouldReadPcapSecondsAsUnsignedAndSkipInvalidFractionsLikeThePcap4jReader() {
        try (JavaPcapReader reader = JavaPcapReader.open(TestData.capture("tcpdump__time_2106.pcap"))) {
            assertEquals(4291747200L * 1_000_000_000L, reader.next().timestampNanos());
        }
        try (JavaPcapReader reader = JavaPcapReader.open(TestData.capture("tcpdump__timestamp_invalid_nano.pcap"))) {
            assertEquals(1, readAll(reader).size());
            assertEquals(2, reader.framesSkipped());
            assertEquals(Optional.empty(), reader.truncation());
        }
    }

    @Test
    void shouldReadAllFramesOfAPcapngWithInterfacesOfDifferentLinkTypes() {
        // libpcap refuses this file (0 frames); tshark reads 18
        try (JavaPcapReader reader = JavaPcapReader.open(TestData.capture("zeek__ldap_gap-data-missing.pcapng"))) {
            List<CaptureFrame> frames = readAll(reader);

            assertEquals(18, frames.size());
            assertEquals(Optional.empty(), reader.truncation());
            assertEquals(1725966494_956327000L, frames.get(0).timestampNanos());
        }
    }

    @Test
    void shouldReportACutPcapngAsTruncated() throws IOException {
        byte[] whole = Files.readAllBytes(TestData.capture("zeek__vlan-pcp-dei.pcapng"));
        try (JavaPcapReader reader = JavaPcapReader.open(write("cut.pcapng", Arrays.copyOf(whole, 700)))) {
            assertEquals(5, readAll(reader).size());
            assertTrue(reader.truncation().orElseThrow().startsWith("file ended early after 5 frames: truncated pcapng block"), reader.truncation().get());
        }
    }

    @Test
    void shouldApplyTimestampResolutionOffsetSectionsAndEveryPacketBlockKind() throws IOException {
        // Given two sections of opposite byte order: interfaces with 2^-20 s ticks, 10^-9 s ticks plus
        // a 100 s offset, default µs ticks; an unknown block; EPB, OPB and SPB packets
        byte[] a = {0x45, 1, 2, 3};
        byte[] b = {0x60, 4, 5, 6, 7};
        long binaryTicks = (1_700_000_000L << 20) | (1L << 19); // x.5 s
        byte[] file = pcapng()
                .section(ByteOrder.LITTLE_ENDIAN)
                .iface(LinkTypes.ETHERNET, 3, 0x80 | 20, null)
                .iface(LinkTypes.RAW, 0, 9, 100L)
                .unknownBlock(0x0bad, 20)
                .enhancedPacket(0, binaryTicks, a, 60)
                .enhancedPacket(1, 1_700_000_000_123456789L, b, 5)
                .simplePacket(b, 5)
                .section(ByteOrder.BIG_ENDIAN)
                .iface(LinkTypes.LINUX_SLL, 65535, null, null)
                .obsoletePacket(0, 1_700_000_001_000_001L, a, 4)
                .enhancedPacket(0, 1_700_000_002_000_002L, b, 5)
                .build();

        try (JavaPcapReader reader = JavaPcapReader.open(write("built.pcapng", file))) {
            List<CaptureFrame> frames = readAll(reader);

            assertEquals(Optional.empty(), reader.truncation());
            assertEquals(5, frames.size());
            assertEquals(1_700_000_000_500_000_000L, frames.get(0).timestampNanos());
            assertEquals(LinkTypes.ETHERNET, frames.get(0).linkType());
            assertEquals(60, frames.get(0).wireLength());
            assertEquals(1_700_000_100_123456789L, frames.get(1).timestampNanos());
            assertEquals(LinkTypes.RAW_12, frames.get(1).linkType(), "LINKTYPE_RAW is reported as libpcap's DLT_RAW");
            // SPB: no timestamp, interface 0's snaplen (3) cuts it
            assertEquals(0, frames.get(2).timestampNanos());
            assertEquals(3, frames.get(2).capturedLength());
            assertEquals(5, frames.get(2).wireLength());
            // second section, big-endian, its own interface 0
            assertEquals(1_700_000_001_000_001_000L, frames.get(3).timestampNanos());
            assertEquals(LinkTypes.LINUX_SLL, frames.get(3).linkType());
            assertArrayEquals(a, frames.get(3).data());
            assertEquals(1_700_000_002_000_002_000L, frames.get(4).timestampNanos());
            assertArrayEquals(b, frames.get(4).data());
            assertEquals(Files.size(tmp.resolve("built.pcapng")), reader.bytesConsumed());
        }
    }

    @Test
    void shouldReportAPacketOfAnUndescribedInterfaceAsDamage() throws IOException {
        byte[] file = pcapng().section(ByteOrder.LITTLE_ENDIAN).iface(1, 0, null, null)
                .enhancedPacket(0, 1, new byte[] {1}, 1).enhancedPacket(3, 2, new byte[] {1}, 1).build();
        try (JavaPcapReader reader = JavaPcapReader.open(write("bad.pcapng", file))) {
            assertEquals(1, readAll(reader).size());
            assertEquals("file ended early after 1 frames: packet 2 refers to interface 3, but the section describes 1",
                    reader.truncation().orElseThrow());
        }
    }

    @Test
    void shouldReportABlockWhoseTrailingLengthDisagrees() throws IOException {
        byte[] file = pcapng().section(ByteOrder.LITTLE_ENDIAN).iface(1, 0, null, null)
                .enhancedPacket(0, 1, new byte[] {1}, 1).build();
        file[file.length - 4] = 99;
        try (JavaPcapReader reader = JavaPcapReader.open(write("bad.pcapng", file))) {
            assertNull(reader.next());
            assertEquals("file ended early after 0 frames: pcapng block of type 0x6: trailing length 99 differs from"
                    + " leading length 36", reader.truncation().orElseThrow());
        }
    }

    @Test
    void shouldReadAGzipCompressedCaptureLikeThePlainOne() throws IOException {
        Path plain = TestData.capture("zeek__nmap-vsn.pcap");
        Path gz = tmp.resolve("nmap.pcap.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(plain));
        }

        try (CaptureReader reader = CaptureFiles.open(gz)) {
            JavaPcapReader java = assertInstanceOf(JavaPcapReader.class, reader);
            assertTrue(java.compressed());
            assertSameFrames(readAll(plain, JavaPcapReader::open), readAll(reader));
            assertEquals(Optional.empty(), reader.truncation());
            assertEquals(OptionalLong.of(Files.size(gz)), reader.sizeBytes());
            assertEquals(Files.size(gz), reader.bytesConsumed());
        }
    }

    @Test
    void shouldReportACutGzipCaptureAsTruncated() throws IOException {
        Path gz = tmp.resolve("nmap.pcap.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(TestData.capture("zeek__nmap-vsn.pcap")));
        }
        byte[] compressed = Files.readAllBytes(gz);
        Path cut = write("cut.pcap.gz", Arrays.copyOf(compressed, compressed.length / 2));

        try (JavaPcapReader reader = JavaPcapReader.open(cut)) {
            List<CaptureFrame> frames = readAll(reader);
            assertTrue(frames.size() > 0 && frames.size() < 547, "frames " + frames.size());
            assertTrue(reader.truncation().orElseThrow().startsWith("file ended early after " + frames.size()
                    + " frames: "), reader.truncation().get());
        }
    }

    @Test
    void shouldRefuseWhatIsNotACaptureWithTheSameMessagesAsThePcap4jReader() throws IOException {
        Map<String, Path> files = new TreeMap<>();
        files.put("missing", tmp.resolve("missing.pcap"));
        files.put("directory", Files.createDirectory(tmp.resolve("dir.pcap")));
        files.put("empty", write("empty.pcap", new byte[0]));
        files.put("short", write("short.pcap", new byte[] {(byte) 0xd4, (byte) 0xc3}));
        files.put("text", write("text.pcap", "hello world\n".getBytes()));

        for (Map.Entry<String, Path> e : files.entrySet()) {
            CaptureFileException java = assertThrows(CaptureFileException.class, () -> CaptureFiles.open(e.getValue()));
            CaptureFileException pcap4j = assertThrows(CaptureFileException.class,
                    () -> Pcap4jFileReader.open(e.getValue()));
            assertEquals(pcap4j.getMessage(), java.getMessage(), e.getKey());
            assertFalse(java.getMessage().contains("\n"));
        }
        assertEquals(files.get("text") + ": not a pcap or pcapng file: bad magic number 0x68656c6c",
                assertThrows(CaptureFileException.class, () -> CaptureFiles.open(files.get("text"))).getMessage());
    }

    @Test
    void shouldLeaveAnArchaicPcapToLibpcap() {
        Path file = TestData.capture("libpcap__pcap-invalid-version-1.pcap");

        assertThrows(UnsupportedCaptureException.class, () -> JavaPcapReader.open(file));
        CaptureFileException e = assertThrows(CaptureFileException.class, () -> CaptureFiles.open(file));
        assertTrue(e.getMessage().endsWith("libpcap cannot read it: archaic pcap savefile format"), e.getMessage());
    }

    @Test
    void shouldCountBytesExactlyAndReachTheFileSize() throws IOException {
        Path file = TestData.capture("zeek__tcp_syn-synack.pcap");
        try (JavaPcapReader reader = JavaPcapReader.open(file)) {
            assertEquals(24, reader.bytesConsumed());
            CaptureFrame first = reader.next();
            assertEquals(24 + 16 + first.capturedLength(), reader.bytesConsumed());
            readAll(reader);
            assertEquals(Files.size(file), reader.bytesConsumed());
        }
    }

    @Test
    void shouldStreamRecordsAcrossBufferRefillsAndGrowForARecordLargerThanTheBuffer() throws IOException {
        // Given a buffer smaller than one record: every record forces a refill, some a growth
        Path file = TestData.capture("zeek__wikipedia.pcap");
        List<CaptureFrame> expected = readAll(file, JavaPcapReader::open);
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            InputBuffer in = new InputBuffer(channel, 64);
            in.request(4);
            FrameParser parser = PcapRecordParser.open(file, in);
            List<CaptureFrame> frames = new ArrayList<>();
            CaptureFrame f;
            while ((f = parser.next()) != null) {
                frames.add(f);
            }
            assertSameFrames(expected, frames);
        } catch (CorruptCaptureException e) {
            throw new AssertionError(e);
        }
    }
}
