package io.darkwatch.capture.replay;

import io.darkwatch.capture.decode.DecodeFailure;
import io.darkwatch.capture.decode.DecodeResult;
import io.darkwatch.capture.decode.PacketDecoder;
import io.darkwatch.capture.geo.Enricher;
import io.darkwatch.capture.publish.PacketSink;
import io.darkwatch.capture.read.CaptureFrame;
import io.darkwatch.capture.read.CaptureReader;
import io.darkwatch.capture.read.CaptureFiles;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Replays captures: reader → decoder → enricher → sink (the Kafka publisher), or decode only, for a
 * summary of what a capture holds.
 *
 * <p>Several files (rotated captures, see {@link ReplayInputs}) are replayed one after the other
 * into one {@link ReplayStats}; their truncation reasons are joined, each prefixed with its file.
 *
 * <p>Speed: {@link ReplaySpeed#MAX} (the default) reads as fast as it can; otherwise packets are
 * paced by their event time ({@code realtime}, or a multiple such as {@code 10x}) through an
 * injected {@link Clock} and {@link Sleeper}, across file boundaries too. An interrupt while
 * waiting ends the replay early, with "interrupted" as the truncation, and keeps the thread's
 * interrupt flag.
 *
 * <p>Undecodable frames are counted per reason and skipped; a damaged file ends that file's replay
 * with what could be read and the reason in {@link ReplayStats#truncation()}. With a sink, the job
 * flushes it at the end, so a failed delivery surfaces as an exception from {@link #run}; the final
 * heartbeat ({@code PacketPublisher.finish}) is left to the caller, who knows the window size.
 *
 * <p>Metrics: {@code darkwatch.capture.frames}, {@code darkwatch.capture.frames.skipped},
 * {@code darkwatch.packets.decoded}, {@code darkwatch.packets.undecodable} tagged with
 * {@code reason} (e.g. {@code not_ip}).
 */
public final class ReplayJob {
    /** Progress is checked every this many frames, and reported when a second of wall time has passed. */
    private static final int PROGRESS_CHECK_FRAMES = 4096;
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

    private final PacketDecoder decoder;
    private final Enricher enricher;
    private final PacketSink sink;
    private final MeterRegistry registry;
    private final Clock clock;
    private final ReplaySpeed speed;
    private final Sleeper sleeper;
    private final AtomicBoolean stopRequested;
    private final Counter framesCounter;
    private final Counter skippedCounter;
    private final Counter decodedCounter;
    private final Map<DecodeFailure, Counter> undecodableCounters = new EnumMap<>(DecodeFailure.class);

    private ReplayJob(PacketDecoder decoder, Enricher enricher, PacketSink sink, MeterRegistry registry, Clock clock,
            ReplaySpeed speed, Sleeper sleeper, AtomicBoolean stopRequested) {
        this.stopRequested = stopRequested;
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.enricher = enricher;
        this.sink = sink;
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.speed = Objects.requireNonNull(speed, "speed");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.framesCounter = registry.counter("darkwatch.capture.frames");
        this.skippedCounter = registry.counter("darkwatch.capture.frames.skipped");
        this.decodedCounter = registry.counter("darkwatch.packets.decoded");
        for (DecodeFailure reason : DecodeFailure.values()) {
            undecodableCounters.put(reason, registry.counter("darkwatch.packets.undecodable", "reason", reason.tag()));
        }
    }

    /** Decodes, enriches and hands every summary to {@code sink}, as fast as the capture can be read. */
    public static ReplayJob publishing(PacketDecoder decoder, Enricher enricher, PacketSink sink,
            MeterRegistry registry, Clock clock) {
        return new ReplayJob(decoder, Objects.requireNonNull(enricher, "enricher"), Objects.requireNonNull(sink, "sink"),
                registry, clock, ReplaySpeed.MAX, Sleeper.SYSTEM, new AtomicBoolean());
    }

    /** Decodes only: counts what the capture holds, publishes nothing. */
    public static ReplayJob decodeOnly(PacketDecoder decoder, MeterRegistry registry, Clock clock) {
        return new ReplayJob(decoder, null, null, registry, clock, ReplaySpeed.MAX, Sleeper.SYSTEM, new AtomicBoolean());
    }

    /**
     * The same job paced at {@code speed}; {@code sleeper} waits (tests pass one that advances a
     * fake clock), the job's clock tells the time.
     */
    public ReplayJob paced(ReplaySpeed speed, Sleeper sleeper) {
        return new ReplayJob(decoder, enricher, sink, registry, clock, speed, sleeper, stopRequested);
    }

    /**
     * Asks a running replay to stop after the frame it is on (from a shutdown hook on SIGTERM, or a
     * test): it then flushes the sink, so every packet read so far is published, and {@link #run}
     * returns with "stopped" as the truncation. Safe from any thread; also stops copies made by
     * {@link #paced}.
     */
    public void stop() {
        stopRequested.set(true);
    }

    /** Whether {@link #stop()} was called. */
    public boolean stopRequested() {
        return stopRequested.get();
    }

    /**
     * Opens the file and replays it.
     *
     * @throws io.darkwatch.capture.read.CaptureFileException when the file cannot be opened as a capture
     */
    public ReplayStats run(Path file, ProgressListener listener) {
        return run(List.of(file), listener);
    }

    /**
     * Replays the files one after the other, in the order given (use {@link ReplayInputs#resolve}
     * for time order).
     *
     * @throws io.darkwatch.capture.read.CaptureFileException when a file cannot be opened as a
     *         capture; files before it have been replayed (and published)
     */
    public ReplayStats run(List<Path> files, ProgressListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no capture files to replay");
        }
        Tally tally = new Tally(files.size() > 1);
        long totalBytes = 0;
        for (Path file : files) {
            long size = file.toFile().length();
            totalBytes = totalBytes < 0 || size <= 0 ? -1 : totalBytes + size;
        }
        EventTimePacer pacer = new EventTimePacer(speed, clock, sleeper);
        for (Path file : files) {
            try (CaptureReader reader = CaptureFiles.open(file)) {
                boolean completed = replay(reader, file, tally, pacer, listener, totalBytes);
                tally.bytesBefore += reader.bytesConsumed();
                if (!completed) {
                    break;
                }
            }
        }
        return finish(tally, listener);
    }

    /** Replays everything the reader gives; the caller closes the reader. */
    public ReplayStats run(CaptureReader reader, ProgressListener listener) {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(listener, "listener");
        Tally tally = new Tally(false);
        replay(reader, null, tally, new EventTimePacer(speed, clock, sleeper), listener,
                reader.sizeBytes().orElse(-1));
        tally.bytesBefore += reader.bytesConsumed();
        return finish(tally, listener);
    }

    /** What the files replayed so far add up to. */
    private final class Tally {
        final boolean nameFiles;
        final Instant start = clock.instant();
        Instant lastReport = start;
        long frames;
        long skipped;
        long decoded;
        long undecodable;
        long published;
        long bytesBefore;
        long totalBytes = -1;
        final long[] perReason = new long[DecodeFailure.values().length];
        long minTime = Long.MAX_VALUE;
        long maxTime = Long.MIN_VALUE;
        final List<String> truncations = new ArrayList<>();

        Tally(boolean nameFiles) {
            this.nameFiles = nameFiles;
        }

        ReplayProgress progress(long bytesConsumed, Instant now, boolean done) {
            return new ReplayProgress(frames, bytesConsumed, totalBytes, decoded, undecodable,
                    Duration.between(start, now), done);
        }
    }

    /** @return false when the replay was interrupted and must stop */
    private boolean replay(CaptureReader reader, Path file, Tally t, EventTimePacer pacer, ProgressListener listener,
            long totalBytes) {
        t.totalBytes = totalBytes;
        boolean interrupted = false;
        boolean stopped = false;
        CaptureFrame frame;
        while (true) {
            // Checked before reading, so a frame read is always processed.
            if (stopRequested.get()) {
                stopped = true;
                break;
            }
            frame = reader.next();
            if (frame == null) {
                break;
            }
            long ts = frame.timestampNanos();
            try {
                pacer.awaitDue(ts);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                interrupted = true;
                break;
            }
            t.frames++;
            framesCounter.increment();
            t.minTime = Math.min(t.minTime, ts);
            t.maxTime = Math.max(t.maxTime, ts);
            DecodeResult result = decoder.decode(frame);
            if (result instanceof DecodeResult.Decoded d) {
                t.decoded++;
                decodedCounter.increment();
                if (sink != null) {
                    sink.publish(enricher.enrich(d.summary()));
                    t.published++;
                }
            } else if (result instanceof DecodeResult.Undecodable u) {
                t.undecodable++;
                t.perReason[u.reason().ordinal()]++;
                undecodableCounters.get(u.reason()).increment();
            }
            if (t.frames % PROGRESS_CHECK_FRAMES == 0) {
                Instant now = clock.instant();
                if (Duration.between(t.lastReport, now).compareTo(PROGRESS_INTERVAL) >= 0) {
                    t.lastReport = now;
                    listener.onProgress(t.progress(t.bytesBefore + reader.bytesConsumed(), now, false));
                }
            }
        }
        t.skipped += reader.framesSkipped();
        skippedCounter.increment(reader.framesSkipped());
        String prefix = t.nameFiles && file != null ? file.getFileName() + ": " : "";
        reader.truncation().ifPresent(reason -> t.truncations.add(prefix + reason));
        if (interrupted) {
            t.truncations.add(prefix + "interrupted");
        }
        if (stopped) {
            t.truncations.add(prefix + "stopped");
        }
        return !interrupted && !stopped;
    }

    private ReplayStats finish(Tally t, ProgressListener listener) {
        if (sink != null) {
            sink.flush();
        }
        Instant end = clock.instant();
        listener.onProgress(t.progress(t.bytesBefore, end, true));

        Map<DecodeFailure, Long> reasons = new EnumMap<>(DecodeFailure.class);
        for (DecodeFailure reason : DecodeFailure.values()) {
            if (t.perReason[reason.ordinal()] > 0) {
                reasons.put(reason, t.perReason[reason.ordinal()]);
            }
        }
        return new ReplayStats(t.frames, t.skipped, t.decoded, reasons,
                t.truncations.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", t.truncations)),
                t.frames == 0 ? Optional.empty() : Optional.of(instant(t.minTime)),
                t.frames == 0 ? Optional.empty() : Optional.of(instant(t.maxTime)),
                t.published, Duration.between(t.start, end));
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
