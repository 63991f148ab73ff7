package io.darkwatch.capture.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.darkwatch.capture.read.CaptureFileException;
import io.darkwatch.capture.read.CaptureFiles;
import io.darkwatch.capture.read.CaptureFrame;
import io.darkwatch.capture.read.CaptureReader;
import io.darkwatch.capture.read.JavaPcapReader;
import io.darkwatch.capture.read.Pcap4jFileReader;
import io.darkwatch.capture.read.UnsupportedCaptureException;
import io.darkwatch.capture.testing.TestData;
import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.PacketSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every capture of the shared corpus (src/test/resources/pcap, see SOURCES.md there), read through
 * each real reader ({@link CaptureFiles#open}, i.e. the Java reader with its libpcap fallback, and
 * {@link Pcap4jFileReader}) and the decoder, against tshark's per-frame ground truth in
 * {@code expected/*.tsv}; and the two readers against each other, frame by frame.
 *
 * <p>No per-file exceptions: each difference between tshark and darkwatch is a rule applied to
 * every row, from the row's own columns or from index.tsv:
 * <ol>
 *   <li>When index.tsv shows libpcap refusing a file at open ({@code tcpdump: …}), opening fails
 *       with that message through either reader (the Java reader leaves such formats to libpcap).
 *       When libpcap stops early ({@code tcpdump: pcap_loop: …}), the pcap4j reader returns
 *       libpcap's frames and reports the reason as truncation; the Java reader reads on as tshark
 *       does (mixed interfaces in one pcapng).</li>
 *   <li>A frame whose timestamp fraction is 10^9 or more (tshark prints more than 9 decimals or a
 *       negative time) is not a valid time: both readers count it as skipped.</li>
 *   <li>Link types the decoder does not read give UNSUPPORTED_LINK_TYPE.</li>
 *   <li>No IP layer in tshark: NOT_IP. A version nibble other than 4/6: BAD_IP_VERSION. A version
 *       but no addresses (header unusable): TRUNCATED_IP_HEADER when snaplen cut the frame,
 *       BAD_IP_HEADER_LENGTH otherwise.</li>
 *   <li>Otherwise decoded with tshark's OUTERMOST IP header: addresses, protocol (after IPv6
 *       extension headers). Tunnels and ICMP errors are not looked into by either side.</li>
 *   <li>Ports only when the layer after IP is a port protocol (tcp, udp, udplite, sctp, dccp):
 *       ports 0 for later fragments, ICMP and everything else. A port protocol without ports in
 *       tshark: TRUNCATED_TRANSPORT_HEADER.</li>
 *   <li>TCP flags: tshark's {@code tcp.flags} without the three reserved bits; 0 where tshark
 *       shows none (flags cut by snaplen).</li>
 *   <li>Length is tshark's {@code frame.len} (wire length), time is {@code frame.time_epoch} to
 *       the nanosecond.</li>
 * </ol>
 */
class CaptureCorpusTest {
    private static final Set<String> PORT_PROTOCOLS = Set.of("tcp", "udp", "udplite", "sctp", "dccp");
    private static final String LIBPCAP_PREFIX = "tcpdump: ";
    private static final String LIBPCAP_READ_PREFIX = "tcpdump: pcap_loop: ";

    private final PacketDecoder decoder = new PacketDecoder("corpus");

    /** One row of index.tsv. */
    record IndexRow(String name, int tsharkFrames, int libpcapFrames, String libpcapError) {
        Optional<String> openError() {
            return libpcapError.startsWith(LIBPCAP_PREFIX) && !libpcapError.startsWith(LIBPCAP_READ_PREFIX)
                    ? Optional.of(libpcapError.substring(LIBPCAP_PREFIX.length())) : Optional.empty();
        }

        Optional<String> readError() {
            return libpcapError.startsWith(LIBPCAP_READ_PREFIX)
                    ? Optional.of(libpcapError.substring(LIBPCAP_READ_PREFIX.length())) : Optional.empty();
        }
    }

    /** One row of expected/X.tsv (tshark's view of one frame). */
    record Expected(int frame, String timeEpoch, int frameLen, int capLen, String ipVersion, String ipSrc,
            String ipDst, String ipProto, String l4, String srcPort, String dstPort, String tcpFlags) {

        static Expected parse(String line) {
            String[] c = line.split("\t", -1);
            return new Expected(Integer.parseInt(c[0]), c[1], Integer.parseInt(c[3]), Integer.parseInt(c[4]), c[5],
                    c[6], c[7], c[8], c[9], c[10], c[11], c[12]);
        }

        /** Rule 2: a fraction field of 10^9 or more shows as more than nine decimals or a negative time. */
        boolean hasUnrepresentableTime() {
            return timeEpoch.startsWith("-") || timeEpoch.substring(timeEpoch.indexOf('.') + 1).length() > 9;
        }

        long timeNanos() {
            int dot = timeEpoch.indexOf('.');
            return Long.parseLong(timeEpoch.substring(0, dot)) * 1_000_000_000L
                    + Long.parseLong(timeEpoch.substring(dot + 1));
        }
    }

    static List<IndexRow> index() {
        return lines(TestData.capture("index.tsv")).stream().skip(1).map(line -> {
            String[] c = line.split("\t", -1);
            return new IndexRow(c[0], Integer.parseInt(c[10]), Integer.parseInt(c[11]), c[12]);
        }).toList();
    }

    @Test
    void shouldHaveGroundTruthForEveryCaptureInTheCorpus() throws IOException {
        Set<String> captures;
        try (Stream<Path> files = Files.list(TestData.resource("pcap"))) {
            captures = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".pcap") || n.endsWith(".pcapng"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> indexed = index().stream().map(IndexRow::name).collect(Collectors.toCollection(TreeSet::new));

        assertEquals(46, captures.size());
        assertEquals(captures, indexed);
        for (String name : captures) {
            assertTrue(Files.exists(TestData.capture("expected/" + name + ".tsv")), name);
        }
    }

    /** The readers under test: the Java reader behind the factory, and libpcap through pcap4j. */
    enum Reader {
        JAVA(CaptureFiles::open, false),
        PCAP4J(Pcap4jFileReader::open, true);

        private final Function<Path, CaptureReader> opener;
        private final boolean stopsWhereLibpcapStops;

        Reader(Function<Path, CaptureReader> opener, boolean stopsWhereLibpcapStops) {
            this.opener = opener;
            this.stopsWhereLibpcapStops = stopsWhereLibpcapStops;
        }
    }

    @TestFactory
    Stream<DynamicTest> shouldDecodeEveryCaptureTheWayTsharkDid() {
        return Stream.of(Reader.values()).flatMap(reader -> index().stream()
                .map(row -> dynamicTest(reader + " " + row.name(), () -> check(row, reader))));
    }

    /**
     * The readers deliver the same frames, byte for byte, except where libpcap stops early (rule 1:
     * there the pcap4j reader's frames are the first ones of the Java reader's).
     */
    @TestFactory
    Stream<DynamicTest> shouldDeliverTheSameFramesThroughBothReaders() {
        return index().stream().filter(row -> row.openError().isEmpty())
                .map(row -> dynamicTest(row.name(), () -> {
                    Path file = TestData.capture(row.name());
                    List<CaptureFrame> java = readAll(JavaPcapReader.open(file));
                    List<CaptureFrame> pcap4j = readAll(Pcap4jFileReader.open(file));
                    if (row.readError().isPresent()) {
                        assertEquals(row.libpcapFrames(), pcap4j.size());
                        assertEquals(row.tsharkFrames(), java.size());
                        java = java.subList(0, pcap4j.size());
                    }
                    assertEquals(pcap4j.size(), java.size(), "frames");
                    for (int i = 0; i < java.size(); i++) {
                        CaptureFrame j = java.get(i);
                        CaptureFrame p = pcap4j.get(i);
                        String where = "frame " + (i + 1);
                        assertEquals(p.timestampNanos(), j.timestampNanos(), where + " time");
                        assertEquals(p.linkType(), j.linkType(), where + " link type");
                        assertEquals(p.wireLength(), j.wireLength(), where + " wire length");
                        assertEquals(p.capturedLength(), j.capturedLength(), where + " captured length");
                        assertArrayEquals(Arrays.copyOf(p.data(), p.capturedLength()),
                                Arrays.copyOf(j.data(), j.capturedLength()), where + " bytes");
                    }
                }));
    }

    private static List<CaptureFrame> readAll(CaptureReader reader) {
        try (reader) {
            List<CaptureFrame> frames = new ArrayList<>();
            CaptureFrame f;
            while ((f = reader.next()) != null) {
                frames.add(f);
            }
            return frames;
        }
    }

    private void check(IndexRow row, Reader kind) {
        Path file = TestData.capture(row.name());
        List<Expected> rows = lines(TestData.capture("expected/" + row.name() + ".tsv")).stream().skip(1)
                .map(Expected::parse).toList();
        assertEquals(row.tsharkFrames(), rows.size(), "index.tsv and the expected file disagree");

        // Rule 1: libpcap refuses the file at open
        if (row.openError().isPresent()) {
            if (kind == Reader.JAVA) {
                assertThrows(UnsupportedCaptureException.class, () -> JavaPcapReader.open(file));
            }
            CaptureFileException e = assertThrows(CaptureFileException.class, () -> kind.opener.apply(file));
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains(row.openError().get()), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            return;
        }

        List<CaptureFrame> frames = new ArrayList<>();
        try (CaptureReader reader = kind.opener.apply(file)) {
            CaptureFrame f;
            while ((f = reader.next()) != null) {
                frames.add(f);
            }
            // Rule 1: libpcap stops where tshark goes on
            if (row.readError().isPresent() && kind.stopsWhereLibpcapStops) {
                assertEquals(row.libpcapFrames(), frames.size(), "frames before libpcap gave up");
                String truncation = reader.truncation().orElseThrow(() -> new AssertionError("no truncation reported"));
                assertTrue(truncation.contains(row.readError().get()), truncation);
                rows = rows.subList(0, row.libpcapFrames());
            } else {
                assertEquals(Optional.empty(), reader.truncation());
            }
            // Rule 2
            List<Expected> deliverable = rows.stream().filter(r -> !r.hasUnrepresentableTime()).toList();
            assertEquals(rows.size() - deliverable.size(), reader.framesSkipped(), "skipped frames");
            assertEquals(deliverable.size(), frames.size(), "frames read");
            assertEquals(deliverable.size(), reader.framesRead());

            for (int i = 0; i < frames.size(); i++) {
                compare(deliverable.get(i), frames.get(i), LinkTypes.isSupported(frames.get(i).linkType()));
            }
        }
    }

    private void compare(Expected exp, CaptureFrame frame, boolean supportedLinkType) {
        String where = "frame " + exp.frame();
        assertEquals(exp.timeNanos(), frame.timestampNanos(), where + " time");
        assertEquals(exp.frameLen(), frame.wireLength(), where + " wire length");
        assertEquals(exp.capLen(), frame.capturedLength(), where + " captured length");

        DecodeResult result = decoder.decode(frame);
        Optional<DecodeFailure> failure = expectedFailure(exp, supportedLinkType);
        if (failure.isPresent()) {
            DecodeResult.Undecodable u = assertInstanceOf(DecodeResult.Undecodable.class, result, where);
            assertEquals(failure.get(), u.reason(), where + ": " + u.detail());
            return;
        }
        PacketSummary s = assertInstanceOf(DecodeResult.Decoded.class, result, where).summary();
        boolean ports = PORT_PROTOCOLS.contains(exp.l4());
        assertEquals(IpAddress.parse(exp.ipSrc()), s.src(), where + " src");
        assertEquals(IpAddress.parse(exp.ipDst()), s.dst(), where + " dst");
        assertEquals(Integer.parseInt(exp.ipProto()), s.protocol(), where + " protocol");
        assertEquals(ports ? Integer.parseInt(exp.srcPort()) : 0, s.srcPort(), where + " src port");
        assertEquals(ports ? Integer.parseInt(exp.dstPort()) : 0, s.dstPort(), where + " dst port");
        int flags = exp.l4().equals("tcp") && !exp.tcpFlags().isEmpty()
                ? Integer.parseInt(exp.tcpFlags().substring(2), 16) & 0x1ff : 0;
        assertEquals(flags, s.tcpFlags(), where + " TCP flags");
        assertEquals(exp.frameLen(), s.length(), where + " length");
        assertEquals(exp.timeNanos(), s.timestampNanos(), where + " summary time");
    }

    /** Rules 3, 4 and 6: which tshark rows must not decode, and why. */
    private static Optional<DecodeFailure> expectedFailure(Expected exp, boolean supportedLinkType) {
        if (!supportedLinkType) {
            return Optional.of(DecodeFailure.UNSUPPORTED_LINK_TYPE);
        }
        if (exp.ipVersion().isEmpty()) {
            return Optional.of(DecodeFailure.NOT_IP);
        }
        if (!exp.ipVersion().equals("4") && !exp.ipVersion().equals("6")) {
            return Optional.of(DecodeFailure.BAD_IP_VERSION);
        }
        if (exp.ipSrc().isEmpty()) {
            return Optional.of(exp.capLen() < exp.frameLen() ? DecodeFailure.TRUNCATED_IP_HEADER
                    : DecodeFailure.BAD_IP_HEADER_LENGTH);
        }
        if (PORT_PROTOCOLS.contains(exp.l4()) && exp.srcPort().isEmpty()) {
            return Optional.of(DecodeFailure.TRUNCATED_TRANSPORT_HEADER);
        }
        return Optional.empty();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
