package io.darkwatch.capture.live;

import static io.darkwatch.capture.testing.Frames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.capture.decode.LinkTypes;
import io.darkwatch.capture.decode.PacketDecoder;
import io.darkwatch.capture.geo.Enricher;
import io.darkwatch.capture.geo.GeoLookup;
import io.darkwatch.capture.publish.PacketSink;
import io.darkwatch.capture.read.CaptureFrame;
import io.darkwatch.capture.replay.ProgressListener;
import io.darkwatch.capture.replay.ReplayJob;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.packet.TcpFlags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The two-thread hand-off, with a scripted frame source in place of libpcap. */
@Timeout(20)
class LiveCaptureTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<PacketSummary> published = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstPublishEntered = new CountDownLatch(1);
    private final CountDownLatch releasePublisher = new CountDownLatch(1);
    private final AtomicInteger flushes = new AtomicInteger();

    /** A sink that holds the publisher thread in its first publish until the test releases it. */
    private final PacketSink blockingSink = new PacketSink() {
        @Override
        public void publish(PacketSummary summary) {
            firstPublishEntered.countDown();
            try {
                releasePublisher.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            published.add(summary);
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
        }
    };

    private static CaptureFrame synTo(int port) {
        byte[] d = frame().ethernet(0x0800).ipv4(IpProtocol.TCP, "203.0.113.7", "198.51.100.9", 50, 40)
                .tcp(40000, port, TcpFlags.SYN).build();
        return CaptureFrame.of(1_700_000_000_000_000_000L + port, LinkTypes.ETHERNET, d, d.length);
    }

    /** Frames 1..n; frame 2 onwards only once the publisher is stuck in frame 1's publish. */
    private final class ScriptedSource implements FrameSource {
        private final int frames;
        private int next = 1;
        volatile boolean closed;
        volatile int statisticsReads;

        ScriptedSource(int frames) {
            this.frames = frames;
        }

        @Override
        public CaptureFrame next() {
            if (next > frames) {
                sleep(5); // a read timeout with nothing captured
                return null;
            }
            if (next == 2) {
                await(firstPublishEntered);
            }
            return synTo(next++);
        }

        @Override
        public CaptureStatistics statistics() {
            statisticsReads++;
            return new CaptureStatistics(frames + 5, 3, 1);
        }

        @Override
        public CaptureFrame nextPending() {
            return null;
        }

        @Override
        public void wakeUp() {
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private ReplayJob job() {
        return ReplayJob.publishing(new PacketDecoder("live"), new Enricher(GeoLookup.NONE), blockingSink, registry,
                Clock.systemUTC());
    }

    @Test
    void shouldDropAndCountFramesWhenTheQueueIsFullThenDrainAndFlushOnStop() throws Exception {
        // Given a queue of 2 and a publisher stuck on the first of 10 frames
        ScriptedSource source = new ScriptedSource(10);
        LiveCapture capture = new LiveCapture(source, 2, registry, Clock.systemUTC());
        CompletableFuture<LiveCaptureResult> running = CompletableFuture.supplyAsync(
                () -> capture.run(job(), ProgressListener.NONE));
        assertTrue(firstPublishEntered.await(10, TimeUnit.SECONDS));
        // wait until the capture thread has offered all 9 remaining frames: 2 queued, 7 dropped
        while (registry.get("darkwatch.capture.dropped").tag("cause", "queue_full").counter().count() < 7) {
            Thread.sleep(5);
        }
        assertEquals(2.0, registry.get("darkwatch.capture.queue.size").gauge().value());

        // When the capture is stopped (SIGTERM) and the publisher let go
        capture.stop();
        releasePublisher.countDown();
        LiveCaptureResult result = running.get(10, TimeUnit.SECONDS);

        // Then the first frame and the 2 queued ones are published, in order, the 7 others counted as dropped
        assertEquals(List.of(1, 2, 3), published.stream().map(PacketSummary::dstPort).toList());
        assertEquals(7, result.droppedQueueFull());
        assertEquals(3, result.stats().published());
        assertEquals(3, result.stats().framesRead());
        assertTrue(result.failure().isEmpty());
        assertEquals(1, flushes.get(), "the sink is flushed once, after the drain");
        assertTrue(source.closed, "the handle is closed on the capture thread");
        // And libpcap's counters were read at the end and exported
        assertEquals(new CaptureStatistics(15, 3, 1), result.pcap());
        assertEquals(15.0, registry.get("darkwatch.capture.pcap.received").gauge().value());
        assertEquals(3.0, registry.get("darkwatch.capture.pcap.dropped").tag("cause", "kernel").gauge().value());
        assertEquals(1.0, registry.get("darkwatch.capture.pcap.dropped").tag("cause", "interface").gauge().value());
        assertEquals(3.0, registry.get("darkwatch.packets.decoded").counter().count());
    }

    @Test
    void shouldEndWithTheReasonWhenTheCaptureFailsAndStillPublishWhatWasQueued() throws Exception {
        // Given a source that delivers one frame, then loses its interface
        releasePublisher.countDown();
        FrameSource failing = new FrameSource() {
            private boolean delivered;

            @Override
            public CaptureFrame next() {
                if (!delivered) {
                    delivered = true;
                    return synTo(443);
                }
                throw new LiveCaptureException(LiveCaptureException.Kind.CAPTURE_FAILED,
                        "cannot capture on eth9: The interface went down", null);
            }

            @Override
            public CaptureStatistics statistics() {
                return null;
            }

            @Override
            public CaptureFrame nextPending() {
                return null;
            }

            @Override
            public void wakeUp() {
            }

            @Override
            public void close() {
            }
        };

        LiveCaptureResult result = new LiveCapture(failing, 16, registry, Clock.systemUTC())
                .run(job(), ProgressListener.NONE);

        assertEquals(List.of(443), published.stream().map(PacketSummary::dstPort).toList());
        assertEquals("cannot capture on eth9: The interface went down", result.failure().orElseThrow());
        assertEquals(result.failure(), result.stats().truncation());
        assertEquals(CaptureStatistics.NONE, result.pcap());
    }

    @Test
    void shouldHandOverWhatTheKernelCapturedBeforeTheStop() throws Exception {
        // Given a quiet source with three frames captured by the kernel but not yet read when stop comes
        releasePublisher.countDown();
        CountDownLatch woken = new CountDownLatch(1);
        FrameSource quiet = new FrameSource() {
            private int pending = 3;

            @Override
            public CaptureFrame next() {
                await(woken); // blocked in pcap_next_ex until pcap_breakloop
                return null;
            }

            @Override
            public CaptureFrame nextPending() {
                return pending > 0 ? synTo(100 + pending--) : null;
            }

            @Override
            public void wakeUp() {
                woken.countDown();
            }

            @Override
            public CaptureStatistics statistics() {
                return new CaptureStatistics(3, 0, 0);
            }

            @Override
            public void close() {
            }
        };
        LiveCapture capture = new LiveCapture(quiet, 16, registry, Clock.systemUTC());
        CompletableFuture<LiveCaptureResult> running = CompletableFuture.supplyAsync(
                () -> capture.run(job(), ProgressListener.NONE));
        assertTrue(capture.awaitCapturing(Duration.ofSeconds(10)));

        // When it is stopped
        capture.stop();
        LiveCaptureResult result = running.get(10, TimeUnit.SECONDS);

        // Then the blocked read was woken, and the three pending frames were still published
        assertEquals(List.of(103, 102, 101), published.stream().map(PacketSummary::dstPort).toList());
        assertEquals(3, result.stats().published());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
