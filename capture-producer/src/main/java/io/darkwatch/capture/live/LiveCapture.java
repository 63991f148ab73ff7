package io.darkwatch.capture.live;

import io.darkwatch.capture.read.CaptureFrame;
import io.darkwatch.capture.read.CaptureReader;
import io.darkwatch.capture.replay.ProgressListener;
import io.darkwatch.capture.replay.ReplayJob;
import io.darkwatch.capture.replay.ReplayStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live capture in two threads: the capture thread only reads frames from libpcap and offers them
 * to a bounded queue; the publisher thread (the caller of {@link #run}) decodes, enriches and
 * publishes them through a {@link ReplayJob}, so live and replayed packets take the same path and
 * metrics.
 *
 * <p>Back-pressure: when the queue is full the frame is dropped and counted
 * ({@code darkwatch.capture.dropped{cause=queue_full}}) rather than blocking the capture thread,
 * which would only move the loss into the kernel, where it is counted less precisely. libpcap's own
 * counters are exported as gauges, refreshed about once a second on the capture thread (the handle
 * is never touched from another thread): {@code darkwatch.capture.pcap.received},
 * {@code darkwatch.capture.pcap.dropped{cause=kernel}} and {@code {cause=interface}}. The queue's
 * fill is {@code darkwatch.capture.queue.size}.
 *
 * <p>Stopping: {@link #stop()} (from a shutdown hook on SIGTERM, or a test) wakes the capture
 * thread from its current read ({@code pcap_breakloop}); it then hands over, without waiting, the
 * frames the kernel had already captured (at most a queue's worth) and leaves; then the publisher drains what is
 * queued, flushes the sink and {@link #run} returns. A capture error ends the capture the same way,
 * with the reason in the result.
 */
public final class LiveCapture implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveCapture.class);
    private static final Duration STATISTICS_INTERVAL = Duration.ofSeconds(1);
    private static final long POLL_MILLIS = 50;

    private final FrameSource source;
    private final BlockingQueue<CaptureFrame> queue;
    private final int queueCapacity;
    private final Clock clock;
    private final Counter queueFullCounter;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong droppedByKernel = new AtomicLong();
    private final AtomicLong droppedByInterface = new AtomicLong();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final CountDownLatch captureStarted = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile boolean captureDone;
    private boolean started;

    /**
     * @param source        the frames (opened already, so open errors surface before any thread starts)
     * @param queueCapacity frames the capture thread may queue before dropping
     */
    LiveCapture(FrameSource source, int queueCapacity, MeterRegistry registry, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.queueCapacity = queueCapacity;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.queueFullCounter = registry.counter("darkwatch.capture.dropped", "cause", "queue_full");
        Gauge.builder("darkwatch.capture.pcap.received", received, AtomicLong::get)
                .description("packets libpcap received (passed the filter) since the capture started").register(registry);
        Gauge.builder("darkwatch.capture.pcap.dropped", droppedByKernel, AtomicLong::get).tag("cause", "kernel")
                .description("packets dropped because the kernel capture buffer was full").register(registry);
        Gauge.builder("darkwatch.capture.pcap.dropped", droppedByInterface, AtomicLong::get).tag("cause", "interface")
                .description("packets the interface or its driver dropped").register(registry);
        Gauge.builder("darkwatch.capture.queue.size", queue, BlockingQueue::size)
                .description("frames waiting between the capture and the publisher thread").register(registry);
    }

    /**
     * Opens the interface and installs the filter, so a missing device, privilege or bad filter is
     * reported before Kafka is contacted and before any thread starts. Packets matching the filter
     * are buffered by the kernel from here on.
     *
     * @throws LiveCaptureException when the interface cannot be opened or the filter compiled
     */
    public static LiveCapture open(LiveCaptureSettings settings, MeterRegistry registry, Clock clock) {
        return new LiveCapture(PcapLiveSource.open(settings), settings.queueCapacity(), registry, clock);
    }

    /**
     * Captures until {@link #stop()} or a capture error, publishing through {@code job} on the
     * calling thread; returns after the queue is drained and the job's sink flushed. Once only.
     *
     * @param job decodes, enriches and publishes (use an unpaced job)
     */
    public LiveCaptureResult run(ReplayJob job, ProgressListener listener) {
        Objects.requireNonNull(job, "job");
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("a live capture runs once");
            }
            started = true;
        }
        Thread capture = new Thread(this::captureLoop, "darkwatch-capture");
        capture.start();
        ReplayStats stats;
        try {
            stats = job.run(new QueueReader(), listener);
        } finally {
            stop();
            joinQuietly(capture);
        }
        return new LiveCaptureResult(stats, (long) queueFullCounter.count(), statistics(), Optional.ofNullable(failure.get()));
    }

    /** Releases the interface if {@link #run} never started (run releases it itself). */
    @Override
    public synchronized void close() {
        if (!started) {
            started = true;
            source.close();
            captureDone = true;
        }
    }

    /** Asks the capture to stop; returns at once. Safe from any thread, e.g. a shutdown hook. */
    public void stop() {
        stopRequested = true;
        if (!captureDone) {
            source.wakeUp();
        }
    }

    /** Waits until the capture thread is reading (for tests that must not send before that). */
    public boolean awaitCapturing(Duration timeout) throws InterruptedException {
        return captureStarted.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** libpcap's counters as last read. */
    public CaptureStatistics statistics() {
        return new CaptureStatistics(received.get(), droppedByKernel.get(), droppedByInterface.get());
    }

    private void captureLoop() {
        Instant lastStatistics = clock.instant();
        captureStarted.countDown();
        try {
            while (!stopRequested) {
                CaptureFrame frame = source.next();
                if (frame != null && !queue.offer(frame)) {
                    queueFullCounter.increment();
                }
                Instant now = clock.instant();
                if (Duration.between(lastStatistics, now).compareTo(STATISTICS_INTERVAL) >= 0) {
                    lastStatistics = now;
                    updateStatistics();
                }
            }
            // Stopped: hand over what the kernel captured before the stop, at most a queue's worth
            // (on a busy link the drain must end).
            for (int i = 0; i < queueCapacity; i++) {
                CaptureFrame frame = source.nextPending();
                if (frame == null) {
                    break;
                }
                if (!queue.offer(frame)) {
                    queueFullCounter.increment();
                }
            }
        } catch (LiveCaptureException e) {
            failure.set(e.getMessage());
            LOG.error("capture stopped: {}", e.getMessage());
        } catch (RuntimeException e) {
            failure.set("capture thread failed: " + e);
            LOG.error("capture thread failed", e);
        } finally {
            updateStatistics();
            source.close();
            captureDone = true;
        }
    }

    private void updateStatistics() {
        CaptureStatistics s = source.statistics();
        if (s != null) {
            received.set(s.received());
            droppedByKernel.set(s.droppedByKernel());
            droppedByInterface.set(s.droppedByInterface());
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The publisher's view of the queue: ends once the capture thread is done and the queue is empty. */
    private final class QueueReader implements CaptureReader {
        private long framesRead;

        @Override
        public CaptureFrame next() {
            while (true) {
                // Read the flag before polling: a frame queued just before the capture thread finished is still seen.
                boolean done = captureDone;
                CaptureFrame frame;
                try {
                    frame = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopRequested = true;
                    frame = queue.poll();
                }
                if (frame != null) {
                    framesRead++;
                    return frame;
                }
                if (done) {
                    return null;
                }
            }
        }

        @Override
        public Optional<String> truncation() {
            return Optional.ofNullable(failure.get());
        }

        @Override
        public long framesRead() {
            return framesRead;
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
            return 0;
        }

        @Override
        public void close() {
        }
    }
}
