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
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Replays a capture as fast as it can be read: reader → decoder → enricher → sink (the Kafka
 * publisher), or decode only, for a summary of what a capture holds.
 *
 * <p>Undecodable frames are counted per reason and skipped; a damaged file ends the replay with
 * what could be read and the reason in {@link ReplayStats#truncation()}. With a sink, the job
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
    private final Clock clock;
    private final Counter framesCounter;
    private final Counter skippedCounter;
    private final Counter decodedCounter;
    private final Map<DecodeFailure, Counter> undecodableCounters = new EnumMap<>(DecodeFailure.class);

    private ReplayJob(PacketDecoder decoder, Enricher enricher, PacketSink sink, MeterRegistry registry, Clock clock) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.enricher = enricher;
        this.sink = sink;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.framesCounter = registry.counter("darkwatch.capture.frames");
        this.skippedCounter = registry.counter("darkwatch.capture.frames.skipped");
        this.decodedCounter = registry.counter("darkwatch.packets.decoded");
        for (DecodeFailure reason : DecodeFailure.values()) {
            undecodableCounters.put(reason, registry.counter("darkwatch.packets.undecodable", "reason", reason.tag()));
        }
    }

    /** Decodes, enriches and hands every summary to {@code sink}. */
    public static ReplayJob publishing(PacketDecoder decoder, Enricher enricher, PacketSink sink,
            MeterRegistry registry, Clock clock) {
        return new ReplayJob(decoder, Objects.requireNonNull(enricher, "enricher"), Objects.requireNonNull(sink, "sink"),
                registry, clock);
    }

    /** Decodes only: counts what the capture holds, publishes nothing. */
    public static ReplayJob decodeOnly(PacketDecoder decoder, MeterRegistry registry, Clock clock) {
        return new ReplayJob(decoder, null, null, registry, clock);
    }

    /**
     * Opens the file and replays it.
     *
     * @throws io.darkwatch.capture.read.CaptureFileException when the file cannot be opened as a capture
     */
    public ReplayStats run(Path file, ProgressListener listener) {
        try (CaptureReader reader = CaptureFiles.open(file)) {
            return run(reader, listener);
        }
    }

    /** Replays everything the reader gives; the caller closes the reader. */
    public ReplayStats run(CaptureReader reader, ProgressListener listener) {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(listener, "listener");
        Instant start = clock.instant();
        Instant lastReport = start;
        long frames = 0;
        long decoded = 0;
        long undecodable = 0;
        long published = 0;
        long[] perReason = new long[DecodeFailure.values().length];
        long minTime = Long.MAX_VALUE;
        long maxTime = Long.MIN_VALUE;

        CaptureFrame frame;
        while ((frame = reader.next()) != null) {
            frames++;
            framesCounter.increment();
            long ts = frame.timestampNanos();
            minTime = Math.min(minTime, ts);
            maxTime = Math.max(maxTime, ts);
            DecodeResult result = decoder.decode(frame);
            if (result instanceof DecodeResult.Decoded d) {
                decoded++;
                decodedCounter.increment();
                if (sink != null) {
                    sink.publish(enricher.enrich(d.summary()));
                    published++;
                }
            } else if (result instanceof DecodeResult.Undecodable u) {
                undecodable++;
                perReason[u.reason().ordinal()]++;
                undecodableCounters.get(u.reason()).increment();
            }
            if (frames % PROGRESS_CHECK_FRAMES == 0) {
                Instant now = clock.instant();
                if (Duration.between(lastReport, now).compareTo(PROGRESS_INTERVAL) >= 0) {
                    lastReport = now;
                    listener.onProgress(progress(reader, frames, decoded, undecodable, start, now, false));
                }
            }
        }
        if (sink != null) {
            sink.flush();
        }
        skippedCounter.increment(reader.framesSkipped());
        Instant end = clock.instant();
        listener.onProgress(progress(reader, frames, decoded, undecodable, start, end, true));

        Map<DecodeFailure, Long> reasons = new EnumMap<>(DecodeFailure.class);
        for (DecodeFailure reason : DecodeFailure.values()) {
            if (perReason[reason.ordinal()] > 0) {
                reasons.put(reason, perReason[reason.ordinal()]);
            }
        }
        return new ReplayStats(frames, reader.framesSkipped(), decoded, reasons, reader.truncation(),
                frames == 0 ? Optional.empty() : Optional.of(instant(minTime)),
                frames == 0 ? Optional.empty() : Optional.of(instant(maxTime)),
                published, Duration.between(start, end));
    }

    private static ReplayProgress progress(CaptureReader reader, long frames, long decoded, long undecodable,
            Instant start, Instant now, boolean done) {
        return new ReplayProgress(frames, reader.bytesConsumed(), reader.sizeBytes().orElse(-1), decoded, undecodable,
                Duration.between(start, now), done);
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
