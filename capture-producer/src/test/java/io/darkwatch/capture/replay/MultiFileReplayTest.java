package io.darkwatch.capture.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.capture.decode.PacketDecoder;
import io.darkwatch.capture.geo.Enricher;
import io.darkwatch.capture.geo.GeoLookup;
import io.darkwatch.capture.publish.PacketSink;
import io.darkwatch.capture.read.CaptureFileException;
import io.darkwatch.capture.testing.TestData;
import io.darkwatch.common.packet.PacketSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotated captures: a directory or glob of files, replayed in time order, optionally paced. */
class MultiFileReplayTest {
    // First packets (tshark): print-flags 2005-07-06, syn-synack 2013-03-07, 5-pings 2020-12-08.
    private static final String Y2005 = "tcpdump__print-flags.pcap";
    private static final String Y2013 = "zeek__tcp_syn-synack.pcap";
    private static final String Y2020 = "zeek__icmp_5-pings.pcap";

    @TempDir
    Path dir;

    private final List<PacketSummary> published = new ArrayList<>();
    private final PacketSink collect = new PacketSink() {
        @Override
        public void publish(PacketSummary summary) {
            published.add(summary);
        }

        @Override
        public void flush() {
        }
    };
    private final EventTimePacerTest.FakeTime time = new EventTimePacerTest.FakeTime();

    private ReplayJob job() {
        return ReplayJob.publishing(new PacketDecoder("s1"), new Enricher(GeoLookup.NONE), collect,
                new SimpleMeterRegistry(), time);
    }

    private Path copy(String corpusName, String as) throws IOException {
        return Files.copy(TestData.capture(corpusName), dir.resolve(as));
    }

    private Path gzip(String corpusName, String as) throws IOException {
        Path target = dir.resolve(as);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
            Files.copy(TestData.capture(corpusName), out);
        }
        return target;
    }

    @Test
    void shouldOrderADirectorysFilesByTheirFirstPacketNotByName() throws IOException {
        // Given names whose order is the reverse of their time order, and an empty capture
        Path a = copy(Y2020, "a.pcap");
        Path b = copy(Y2013, "b.pcap");
        Path c = copy(Y2005, "c.pcap");
        Path empty = copy("tcpdump__empty.pcap", "0-empty.pcap");
        Files.writeString(dir.resolve(".hidden"), "not a capture");

        // Then time order wins, the empty file goes last and the hidden file is left alone
        assertEquals(List.of(c, b, a, empty), ReplayInputs.resolve(dir.toString()));
    }

    @Test
    void shouldReplayEveryFileOfAGlobInTimeOrderIntoOneSummary() throws IOException {
        // Given rotated, gzip-compressed captures named 1, 2, 10 (tcpdump -C style) and an unrelated file
        gzip(Y2020, "capture.pcap1.gz");
        gzip(Y2005, "capture.pcap10.gz");
        gzip(Y2013, "capture.pcap2.gz");
        copy(Y2013, "other.pcap");
        List<Path> files = ReplayInputs.resolve(dir + "/capture.pcap*.gz");

        // When they are replayed as one
        ReplayStats stats = job().run(files, ProgressListener.NONE);

        // Then 10 + 2 + 10 frames went out, in time order, counted once
        assertEquals(List.of("capture.pcap10.gz", "capture.pcap2.gz", "capture.pcap1.gz"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(22, stats.framesRead());
        assertEquals(22, stats.published());
        assertEquals(22, published.size());
        for (int i = 1; i < published.size(); i++) {
            assertTrue(published.get(i - 1).timestampNanos() <= published.get(i).timestampNanos(), "in time order");
        }
        assertEquals(Instant.parse("2005-07-06T03:57:35.938066Z"), stats.firstEventTime().orElseThrow());
        assertEquals(Instant.parse("2020-12-08T19:10:08.018993Z"), stats.lastEventTime().orElseThrow());
        assertTrue(stats.truncation().isEmpty());
    }

    @Test
    void shouldPaceARealtimeReplayByEventTimeWithoutReallyWaiting() {
        // Given the five pings: 10 packets over 4.032397 s of event time
        Path pings = TestData.capture(Y2020);

        // When replayed in real time and at 10x with a fake clock
        job().paced(ReplaySpeed.REALTIME, time).run(List.of(pings), ProgressListener.NONE);
        Duration realtime = time.sleeps.stream().reduce(Duration.ZERO, Duration::plus);
        time.sleeps.clear();
        job().paced(ReplaySpeed.parse("10x"), time).run(List.of(pings), ProgressListener.NONE);
        Duration tenfold = time.sleeps.stream().reduce(Duration.ZERO, Duration::plus);

        // Then the waits add up to the capture's span, and a tenth of it
        assertEquals(Duration.ofNanos(4_032_397_000L), realtime);
        assertEquals(Duration.ofNanos(403_239_700L), tenfold);
        assertEquals(20, published.size());
    }

    @Test
    void shouldStopAnInterruptedPacedReplayAndSaySo() {
        Path pings = TestData.capture(Y2020);
        Sleeper interrupted = d -> {
            throw new InterruptedException();
        };

        ReplayStats stats = job().paced(ReplaySpeed.REALTIME, interrupted).run(List.of(pings), ProgressListener.NONE);

        assertEquals(1, stats.framesRead(), "the first packet is due at once, the second waits");
        assertEquals("interrupted", stats.truncation().orElseThrow());
        assertTrue(Thread.interrupted(), "the interrupt flag is kept (and cleared here)");
    }

    @Test
    void shouldNameTheFileThatIsNotACapture() throws IOException {
        copy(Y2013, "a.pcap");
        Path bad = Files.writeString(dir.resolve("b.pcap"), "hello, not a capture");

        CaptureFileException e = assertThrows(CaptureFileException.class, () -> ReplayInputs.resolve(dir.toString()));
        assertEquals(bad, e.file());
    }

    @Test
    void shouldSayWhenAGlobMatchesNothingOrADirectoryIsEmpty() throws IOException {
        Path emptyDir = Files.createDirectory(dir.resolve("empty"));

        CaptureFileException none = assertThrows(CaptureFileException.class,
                () -> ReplayInputs.resolve(dir + "/*.pcap.gz"));
        CaptureFileException nothing = assertThrows(CaptureFileException.class,
                () -> ReplayInputs.resolve(emptyDir.toString()));

        assertTrue(none.getMessage().contains("no file matches '*.pcap.gz'"), none.getMessage());
        assertTrue(nothing.getMessage().contains("directory holds no files"), nothing.getMessage());
    }
}
