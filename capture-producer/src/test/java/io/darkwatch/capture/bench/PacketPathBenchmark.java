package io.darkwatch.capture.bench;

import io.darkwatch.capture.CaptureProducerMain;
import io.darkwatch.capture.decode.DecodeResult;
import io.darkwatch.capture.decode.PacketDecoder;
import io.darkwatch.capture.geo.CachingGeoLookup;
import io.darkwatch.capture.geo.Enricher;
import io.darkwatch.capture.geo.MaxMindGeoLookup;
import io.darkwatch.capture.read.CaptureFrame;
import io.darkwatch.capture.read.CaptureReader;
import io.darkwatch.capture.read.JavaPcapReader;
import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.packet.PacketBlockCodec;
import io.darkwatch.common.packet.PacketSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH micro-benchmark of the per-packet path after reading: decode, decode + GeoIP enrichment
 * (bundled database behind the replay's cache), and decode + enrich + encoding into the blocks the
 * publisher sends (format v2, 512 packets of one country per block).
 * Frames are read into memory first ({@code -p file=...}, default the first 200,000 frames of
 * /tmp/bench/bench48h.pcap); the score is frames per second (one operation = one frame).
 *
 * <p>Run it (after {@code mvn -o -pl capture-producer test-compile}):
 * <pre>
 * java -cp capture-producer/target/test-classes:capture-producer/target/classes:$(cat cp.txt) \
 *     org.openjdk.jmh.Main PacketPathBenchmark
 * </pre>
 * with cp.txt from {@code mvn -o -pl capture-producer dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 * {@link ReadBenchmark} measures whole-file reading, which JMH's repeated short invocations suit less.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PacketPathBenchmark {
    private static final int FRAMES = 200_000;
    private static final int BLOCK = 512;

    @Param("/tmp/bench/bench48h.pcap")
    public String file;

    private CaptureFrame[] frames;
    private PacketDecoder decoder;
    private MaxMindGeoLookup geo;
    private Enricher enricher;

    @Setup(Level.Trial)
    public void load() {
        List<CaptureFrame> list = new ArrayList<>();
        try (CaptureReader reader = JavaPcapReader.open(Path.of(file))) {
            CaptureFrame f;
            while (list.size() < FRAMES && (f = reader.next()) != null) {
                list.add(f);
            }
        }
        if (list.size() < FRAMES) {
            // the score counts FRAMES operations per invocation
            throw new IllegalStateException(file + " has " + list.size() + " frames; the benchmark needs " + FRAMES);
        }
        frames = list.toArray(CaptureFrame[]::new);
        decoder = new PacketDecoder("bench");
        geo = MaxMindGeoLookup.open(Optional.empty(), Optional.empty());
        enricher = new Enricher(new CachingGeoLookup(geo, CaptureProducerMain.GEO_CACHE_SLOTS));
    }

    @TearDown(Level.Trial)
    public void close() {
        geo.close();
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void decode(Blackhole bh) {
        for (CaptureFrame f : frames) {
            bh.consume(decoder.decode(f));
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void decodeEnrich(Blackhole bh) {
        for (CaptureFrame f : frames) {
            if (decoder.decode(f) instanceof DecodeResult.Decoded d) {
                bh.consume(enricher.enrich(d.summary()));
            }
        }
    }

    /** As the publisher sends them: per country a block of up to 512 summaries, encoded when full (format v2). */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void decodeEnrichEncodeBlocks(Blackhole bh) {
        Map<String, List<PacketSummary>> open = new HashMap<>();
        for (CaptureFrame f : frames) {
            if (decoder.decode(f) instanceof DecodeResult.Decoded d) {
                PacketSummary s = enricher.enrich(d.summary());
                List<PacketSummary> block = open.computeIfAbsent(s.country(), c -> new ArrayList<>(BLOCK));
                block.add(s);
                if (block.size() == BLOCK) {
                    bh.consume(PacketBlockCodec.encode(new PacketBlock(s.country(), s.sensorId(), block)));
                    open.remove(s.country());
                }
            }
        }
        open.forEach((country, block) -> bh.consume(PacketBlockCodec.encode(
                new PacketBlock(country, block.get(0).sensorId(), block))));
    }
}
