package io.darkwatch.capture.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.capture.decode.DecodeFailure;
import io.darkwatch.capture.decode.LinkTypes;
import io.darkwatch.capture.decode.PacketDecoder;
import io.darkwatch.capture.geo.Enricher;
import io.darkwatch.capture.geo.GeoInfo;
import io.darkwatch.capture.geo.GeoLookup;
import io.darkwatch.capture.publish.PacketSink;
import io.darkwatch.capture.publish.PublishException;
import io.darkwatch.capture.read.CaptureFileException;
import io.darkwatch.capture.read.CaptureFrame;
import io.darkwatch.capture.read.CaptureReader;
import io.darkwatch.capture.testing.Frames;
import io.darkwatch.capture.testing.TestData;
import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.packet.TcpFlags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayJobTest {
    @TempDir
    Path tmp;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TickingClock clock = new TickingClock(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMillis(250));
    private final List<ReplayProgress> progress = new ArrayList<>();

    /** A clock that moves forward by a fixed step each time it is read, so wall-time logic is deterministic. */
    static final class TickingClock extends Clock {
        private Instant now;
        private final Duration step;

        TickingClock(Instant start, Duration step) {
            this.now = start;
            this.step = step;
        }

        @Override
        public Instant instant() {
            Instant t = now;
            now = now.plus(step);
            return t;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** Collects what would go to Kafka. */
    static final class CollectingSink implements PacketSink {
        final List<PacketSummary> published = new ArrayList<>();
        int flushes;

        @Override
        public void publish(PacketSummary summary) {
            published.add(summary);
        }

        @Override
        public void flush() {
            flushes++;
        }
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void shouldCountEveryFrameOfACaptureWithoutKafka() {
        // Given the nmap capture: 503 ARP frames and 44 IPv4 frames (ground truth: expected/zeek__nmap-vsn.pcap.tsv)
        ReplayJob job = ReplayJob.decodeOnly(new PacketDecoder("s1"), registry, clock);

        // When it is replayed without a publisher
        ReplayStats stats = job.run(TestData.capture("zeek__nmap-vsn.pcap"), progress::add);

        // Then every frame is accounted for, exactly
        assertEquals(547, stats.framesRead());
        assertEquals(44, stats.decoded());
        assertEquals(Map.of(DecodeFailure.NOT_IP, 503L), stats.undecodable());
        assertEquals(0, stats.published());
        assertEquals(0, stats.framesSkipped());
        assertEquals(Optional.empty(), stats.truncation());
        assertEquals(547, counter("darkwatch.capture.frames"));
        assertEquals(44, counter("darkwatch.packets.decoded"));
        assertEquals(503, counter("darkwatch.packets.undecodable", "reason", "not_ip"));
        assertEquals(0, counter("darkwatch.packets.undecodable", "reason", "truncated_ip_header"));
    }

    @Test
    void shouldReportTheEarliestAndLatestEventTimeOfAnUnorderedCapture() {
        // the VNC scanner capture has frames that go back in time
        ReplayStats stats = ReplayJob.decodeOnly(new PacketDecoder("s1"), registry, clock)
                .run(TestData.capture("zeek__rfb_vnc-scanner.pcap"), ProgressListener.NONE);

        assertEquals(Optional.of(Instant.parse("2019-02-25T18:47:12.183477Z")), stats.firstEventTime());
        assertEquals(Optional.of(Instant.parse("2019-02-25T18:47:13.658287Z")), stats.lastEventTime());
        assertEquals(20, stats.decoded());
    }

    @Test
    void shouldPublishEveryDecodedPacketEnrichedWithItsSourceCountry() {
        // Given a geo database that knows one of the two hosts of a TCP session
        GeoLookup geo = address -> address.equals(IpAddress.parse("185.33.86.224"))
                ? new GeoInfo("CZ", 64512, "Example") : GeoInfo.UNKNOWN;
        CollectingSink sink = new CollectingSink();
        ReplayJob job = ReplayJob.publishing(new PacketDecoder("s1"), new Enricher(geo), sink, registry, clock);

        // When the 16-frame capture is replayed
        ReplayStats stats = job.run(TestData.capture("zeek__tcp_ctu-64702-888.pcap"), ProgressListener.NONE);

        // Then all 16 are published, in file order, with the country of their source, and the sink is flushed
        assertEquals(16, stats.published());
        assertEquals(16, sink.published.size());
        assertEquals(1, sink.flushes);
        Map<String, Long> perCountry = sink.published.stream()
                .collect(Collectors.groupingBy(PacketSummary::country, Collectors.counting()));
        assertEquals(Map.of("CZ", 8L, "ZZ", 8L), perCountry);
        PacketSummary first = sink.published.get(0);
        assertEquals(new PacketSummary(1677080409_787322000L, "s1", IpAddress.parse("185.33.86.224"),
                IpAddress.parse("192.168.1.108"), IpProtocol.TCP, 888, 64702, TcpFlags.SYN | TcpFlags.ACK, -1, -1,
                first.ttl(), 66, "CZ", 64512, 0), first);
    }

    @Test
    void shouldReportATruncatedCaptureAndKeepWhatWasRead() throws IOException {
        byte[] whole = Files.readAllBytes(TestData.capture("tcpdump__print-flags.pcap"));
        Path cut = Files.write(tmp.resolve("cut.pcap"), Arrays.copyOf(whole, 500));

        ReplayStats stats = ReplayJob.decodeOnly(new PacketDecoder("s1"), registry, clock).run(cut, progress::add);

        assertEquals(3, stats.framesRead());
        assertEquals(3, stats.decoded());
        // the Java reader's wording (ReplayJob.run(Path) opens files through CaptureFiles)
        assertEquals(Optional.of("file ended early after 3 frames: truncated record: its header says 268 captured"
                + " bytes, only 198 are left"), stats.truncation());
        ReplayProgress last = progress.get(progress.size() - 1);
        assertTrue(last.done());
        assertEquals(1.0, last.fraction());
    }

    @Test
    void shouldFailOnANonCaptureFileWithAOneLineMessage() throws IOException {
        Path html = Files.writeString(tmp.resolve("capture.pcap"), "<html>404 not found</html>");
        ReplayJob job = ReplayJob.decodeOnly(new PacketDecoder("s1"), registry, clock);

        CaptureFileException e = assertThrows(CaptureFileException.class, () -> job.run(html, ProgressListener.NONE));

        assertEquals(html + ": not a pcap or pcapng file: bad magic number 0x3c68746d", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void shouldReportProgressAboutOnceASecondAndOnceAtTheEnd() {
        // Given 10,000 frames and a clock that moves 600 ms each time it is read (once per 4096 frames)
        CaptureReader reader = new SyntheticReader(10_000);
        Clock slow = new TickingClock(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMillis(600));
        ReplayJob job = ReplayJob.decodeOnly(new PacketDecoder("s1"), registry, slow);

        // When replayed
        ReplayStats stats = job.run(reader, progress::add);

        // Then progress came at the first check after a second had passed (frame 8192, 1.2 s), and at the end
        assertEquals(List.of(8192L, 10_000L), progress.stream().map(ReplayProgress::framesRead).toList());
        assertEquals(List.of(false, true), progress.stream().map(ReplayProgress::done).toList());
        assertEquals(Duration.ofMillis(1200), progress.get(0).elapsed());
        assertEquals(-1.0, progress.get(1).fraction(), "size unknown");
        assertEquals(10_000, stats.decoded());
        assertEquals(Duration.ofMillis(1800), stats.wallTime());
    }

    @Test
    void shouldLetAFailedDeliveryEndTheReplayWithItsMessage() {
        PacketSink failing = new PacketSink() {
            @Override
            public void publish(PacketSummary summary) {
            }

            @Override
            public void flush() {
                throw new PublishException("3 of 3 records to darkwatch.packets failed; first error: boom", null);
            }
        };
        ReplayJob job = ReplayJob.publishing(new PacketDecoder("s1"), new Enricher(GeoLookup.NONE), failing, registry,
                clock);

        PublishException e = assertThrows(PublishException.class,
                () -> job.run(TestData.capture("tcpdump__tcp-handshake-nano.pcap"), ProgressListener.NONE));

        assertTrue(e.getMessage().startsWith("3 of 3 records"));
    }

    @Test
    void shouldStopAfterTheFrameItIsOnAndFlushEverythingReadWhenAskedToStop() {
        // Given a replay of 1,000 frames whose sink asks the job to stop at the 300th packet (as SIGTERM's hook does)
        java.util.concurrent.atomic.AtomicReference<ReplayJob> running = new java.util.concurrent.atomic.AtomicReference<>();
        CollectingSink collected = new CollectingSink();
        PacketSink stopAt300 = new PacketSink() {
            @Override
            public void publish(PacketSummary summary) {
                collected.publish(summary);
                if (collected.published.size() == 300) {
                    running.get().stop();
                }
            }

            @Override
            public void flush() {
                collected.flush();
            }
        };
        ReplayJob job = ReplayJob.publishing(new PacketDecoder("s1"), new Enricher(GeoLookup.NONE), stopAt300, registry,
                clock);
        running.set(job);

        // When it runs
        ReplayStats stats = job.run(new SyntheticReader(1_000), ProgressListener.NONE);

        // Then no frame after the stop is read, every packet read was handed over, and the sink was flushed
        assertEquals(300, stats.framesRead());
        assertEquals(300, stats.published());
        assertEquals(300, collected.published.size());
        assertEquals(1, collected.flushes);
        assertEquals(Optional.of("stopped"), stats.truncation());
        assertTrue(job.stopRequested());
    }

    /** A capture of n identical UDP frames, to exercise progress without a large fixture. */
    static final class SyntheticReader implements CaptureReader {
        private final int total;
        private final byte[] frame = Frames.frame().ethernet(0x0800)
                .ipv4(IpProtocol.UDP, "192.0.2.1", "198.51.100.1", 64, 28).udp(1, 2, 8).build();
        private int read;

        SyntheticReader(int total) {
            this.total = total;
        }

        @Override
        public CaptureFrame next() {
            if (read == total) {
                return null;
            }
            read++;
            return CaptureFrame.of(read * 1_000_000L, LinkTypes.ETHERNET, frame, frame.length);
        }

        @Override
        public Optional<String> truncation() {
            return Optional.empty();
        }

        @Override
        public long framesRead() {
            return read;
        }

        @Override
        public long framesSkipped() {
            return 0;
        }

        @Override
        public OptionalLong sizeBytes() {
            return OptionalLong.empty();
        }

        @Override
        public long bytesConsumed() {
            return (long) read * frame.length;
        }

        @Override
        public void close() {
        }
    }
}
