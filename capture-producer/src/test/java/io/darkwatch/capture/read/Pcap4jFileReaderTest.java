package io.darkwatch.capture.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.capture.decode.LinkTypes;
import io.darkwatch.capture.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pcap4jFileReaderTest {
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

    @Test
    void shouldKeepAllNineDigitsOfANanosecondCapture() {
        try (Pcap4jFileReader reader = Pcap4jFileReader.open(TestData.capture("tcpdump__tcp-handshake-nano.pcap"))) {
            List<CaptureFrame> frames = readAll(reader);

            assertEquals(3, frames.size());
            assertEquals(1418145369_924505488L, frames.get(0).timestampNanos());
            assertEquals(1418145370_052027262L, frames.get(1).timestampNanos());
            assertEquals(LinkTypes.LINUX_SLL, reader.linkType());
            assertEquals(LinkTypes.LINUX_SLL, frames.get(0).linkType());
        }
    }

    @Test
    void shouldAppendZerosToMicrosecondTimestamps() {
        try (Pcap4jFileReader reader = Pcap4jFileReader.open(TestData.capture("tcpdump__print-flags.pcap"))) {
            assertEquals(1120622255_938066000L, reader.next().timestampNanos());
        }
    }

    @Test
    void shouldReadPcapSecondsAsUnsignedPast2038() {
        // libpcap sign-extends the 32-bit field; the format says unsigned (valid until 2106)
        try (Pcap4jFileReader reader = Pcap4jFileReader.open(TestData.capture("tcpdump__time_2106.pcap"))) {
            assertEquals(4291747200L * 1_000_000_000L, reader.next().timestampNanos());
        }
    }

    @Test
    void shouldReadPcapngTimestampsBeyond2106() {
        try (Pcap4jFileReader reader = Pcap4jFileReader.open(TestData.capture("tcpdump__time_2107.pcapng"))) {
            assertEquals(4323283200L * 1_000_000_000L, reader.next().timestampNanos());
        }
    }

    @Test
    void shouldGiveTheWireLengthEvenWhenSnaplenCutTheFrame() {
        try (Pcap4jFileReader reader = Pcap4jFileReader.open(TestData.capture("tcpdump__tcp_header_heapoverflow.pcap"))) {
            CaptureFrame f = reader.next();

            assertEquals(46, f.capturedLength());
            assertEquals(46, f.data().length);
            assertEquals(262144, f.wireLength());
            assertEquals(LinkTypes.ETHERNET, f.linkType(), "upper bits of the link-type word are not the link type");
        }
    }

    @Test
    void shouldCountFramesWhoseTimestampPcap4jCannotRepresent() {
        // fraction fields of 10^9 and more in frames 2 and 3
        try (Pcap4jFileReader reader = Pcap4jFileReader.open(TestData.capture("tcpdump__timestamp_invalid_nano.pcap"))) {
            List<CaptureFrame> frames = readAll(reader);

            assertEquals(1, frames.size());
            assertEquals(1, reader.framesRead());
            assertEquals(2, reader.framesSkipped());
            assertEquals(Optional.empty(), reader.truncation());
        }
    }

    @Test
    void shouldReturnEveryWholeFrameOfACutFileAndReportTheTruncation() throws IOException {
        // Given print-flags.pcap (10 frames) cut inside its 4th record
        byte[] whole = Files.readAllBytes(TestData.capture("tcpdump__print-flags.pcap"));
        Path cut = tmp.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, 500));

        try (Pcap4jFileReader reader = Pcap4jFileReader.open(cut)) {
            // When it is read to the end
            List<CaptureFrame> frames = readAll(reader);

            // Then the three whole frames come back and the cut is reported in one line
            assertEquals(3, frames.size());
            String truncation = reader.truncation().orElseThrow();
            assertEquals("file ended early after 3 frames: truncated dump file; tried to read 268 captured bytes,"
                    + " only got 198", truncation);
            assertNull(reader.next(), "stays at the end");
            assertEquals(500, reader.bytesConsumed());
        }
    }

    @Test
    void shouldReportACutPcapngFileAsTruncated() throws IOException {
        byte[] whole = Files.readAllBytes(TestData.capture("zeek__vlan-pcp-dei.pcapng"));
        Path cut = tmp.resolve("cut.pcapng");
        Files.write(cut, Arrays.copyOf(whole, 700));

        try (Pcap4jFileReader reader = Pcap4jFileReader.open(cut)) {
            List<CaptureFrame> frames = readAll(reader);

            assertEquals(5, frames.size());
            assertTrue(reader.truncation().orElseThrow().startsWith("file ended early after 5 frames: truncated pcapng"),
                    reader.truncation().get());
        }
    }

    @Test
    void shouldReportLibpcapRefusingMixedInterfacesAsTruncationAfterNoFrames() {
        try (Pcap4jFileReader reader = Pcap4jFileReader.open(TestData.capture("zeek__ldap_gap-data-missing.pcapng"))) {
            assertNull(reader.next());
            assertEquals("file ended early after 0 frames: an interface has a snapshot length 8192 different from the"
                    + " snapshot length of the first interface", reader.truncation().orElseThrow());
        }
    }

    @Test
    void shouldCountBytesExactlyForPcapAndReachTheFileSizeAtTheEnd() throws IOException {
        Path file = TestData.capture("zeek__tcp_syn-synack.pcap");
        try (Pcap4jFileReader reader = Pcap4jFileReader.open(file)) {
            assertEquals(OptionalLong.of(Files.size(file)), reader.sizeBytes());
            assertEquals(24, reader.bytesConsumed());

            CaptureFrame first = reader.next();
            assertEquals(24 + 16 + first.capturedLength(), reader.bytesConsumed());

            CaptureFrame second = reader.next();
            assertEquals(24 + 16 + first.capturedLength() + 16 + second.capturedLength(), reader.bytesConsumed());
            assertEquals(Files.size(file), reader.bytesConsumed(), "two frames are the whole file");
            assertNull(reader.next());
            assertEquals(Files.size(file), reader.bytesConsumed());
        }
    }

    @Test
    void shouldEstimatePcapngProgressBelowTheSizeUntilTheEnd() throws IOException {
        Path file = TestData.capture("zeek__vlan-pcp-dei.pcapng");
        try (Pcap4jFileReader reader = Pcap4jFileReader.open(file)) {
            long previous = reader.bytesConsumed();
            while (reader.next() != null) {
                assertTrue(reader.bytesConsumed() > previous);
                assertTrue(reader.bytesConsumed() <= Files.size(file));
                previous = reader.bytesConsumed();
            }
            assertEquals(Files.size(file), reader.bytesConsumed());
        }
    }

    @Test
    void shouldReadAnEmptyCaptureAsNoFrames() {
        try (Pcap4jFileReader reader = Pcap4jFileReader.open(TestData.capture("tcpdump__empty.pcap"))) {
            assertNull(reader.next());
            assertEquals(0, reader.framesRead());
            assertEquals(Optional.empty(), reader.truncation());
        }
    }

    @Test
    void shouldRefuseANonCaptureFileWithOneLineNamingTheFileAndTheProblem() throws IOException {
        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "hello, this is not a capture\n");

        CaptureFileException e = assertThrows(CaptureFileException.class, () -> Pcap4jFileReader.open(text));

        assertEquals(text + ": not a pcap or pcapng file: bad magic number 0x68656c6c", e.getMessage());
        assertEquals(text, e.file());
    }

    @Test
    void shouldRefuseMissingEmptyCompressedAndDirectoryPathsWithSpecificMessages() throws IOException {
        Path missing = tmp.resolve("missing.pcap");
        Path empty = Files.createFile(tmp.resolve("empty.pcap"));
        Path gzip = Files.write(tmp.resolve("capture.pcap.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0});
        Path tiny = Files.write(tmp.resolve("tiny.pcap"), new byte[] {(byte) 0xd4, (byte) 0xc3});

        assertEquals(missing + ": no such file", message(missing));
        assertEquals(empty + ": not a pcap or pcapng file: the file is empty", message(empty));
        assertEquals(gzip + ": not a pcap or pcapng file: it is gzip-compressed, decompress it first", message(gzip));
        assertEquals(tiny + ": not a pcap or pcapng file: only 2 bytes long", message(tiny));
        assertEquals(tmp + ": is a directory, not a capture file", message(tmp));
        assertEquals("/dev/null: not a regular file (pipes and devices are not supported)", message(Path.of("/dev/null")));
    }

    @Test
    void shouldPassOnLibpcapsReasonForAFileItCannotRead() throws IOException {
        Path headerOnly = tmp.resolve("short-header.pcap");
        Files.write(headerOnly, Arrays.copyOf(Files.readAllBytes(TestData.capture("tcpdump__print-flags.pcap")), 20));

        assertEquals(TestData.capture("libpcap__pcap-invalid-version-1.pcap")
                + ": libpcap cannot read it: archaic pcap savefile format",
                message(TestData.capture("libpcap__pcap-invalid-version-1.pcap")));
        assertEquals(headerOnly + ": libpcap cannot read it: truncated dump file; tried to read 24 file header bytes,"
                + " only got 16", message(headerOnly));
    }

    @Test
    void shouldReturnTheCapturedBytesUntouched() throws IOException {
        // the frame data of a pcap file follows its 24 + 16 header bytes
        Path file = TestData.capture("tcpdump__LINKTYPE_IPV4.pcap");
        byte[] raw = Files.readAllBytes(file);
        try (Pcap4jFileReader reader = Pcap4jFileReader.open(file)) {
            CaptureFrame f = reader.next();

            assertArrayEquals(Arrays.copyOfRange(raw, 40, 40 + 57), f.data());
            assertEquals(LinkTypes.IPV4, f.linkType());
        }
    }

    @Test
    void shouldBeSafeToCloseTwice() {
        Pcap4jFileReader reader = Pcap4jFileReader.open(TestData.capture("zeek__tcp_syn-synack.pcap"));
        reader.close();
        reader.close();
        assertNull(reader.next());
    }

    @Test
    void shouldRejectAFrameWhoseCapturedLengthExceedsItsData() {
        assertThrows(IllegalArgumentException.class, () -> new CaptureFrame(0, 1, new byte[4], 5, 5));
        assertEquals(4, CaptureFrame.of(0, 1, new byte[4], 60).capturedLength());
    }

    private static String message(Path file) {
        return assertThrows(CaptureFileException.class, () -> Pcap4jFileReader.open(file)).getMessage();
    }
}
