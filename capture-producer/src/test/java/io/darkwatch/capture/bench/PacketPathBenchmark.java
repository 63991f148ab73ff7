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
import java.util.SplittableRandom;
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
 * <p>Sources ({@code -p sources=...}), because the GeoIP cost depends on how often a source's
 * network was seen before:
 * <ul>
 *   <li>{@code recorded}: the capture's own. In benchmark-48h (simulator) about 30 % of a country's
 *       packets come from one of its 32 latest sources and the rest from a new address drawn
 *       uniformly from the country's address space: of the first 200,000 frames, 145,021 have a
 *       source not seen before, in 138,482 /24s and 32,936 networks of the bundled database. Real
 *       telescopes see a larger share from repeating scanners (and backscatter from a few victims
 *       each), so this is the harder case;</li>
 *   <li>{@code spoofed}: every IPv4 source replaced by a uniformly random 32-bit address (fixed
 *       seed), as randomly spoofed traffic would have: no source twice, the worst case for a
 *       per-address cache; a per-network cache still meets each network once.</li>
 * </ul>
 * Database lookups (cache misses) per pass: {@code recorded} 34,786 (145,505 with the former
 * per-address cache), {@code spoofed} 36,153 (199,999).
 * The GeoIP cache is new at every invocation (one pass over the frames), so each pass pays for
 * its sources as the first 200,000 packets of a run do; a cache kept across passes would see the
 * same 200,000 frames again and again, which no live stream does.
 *
 * <p>Run it (after {@code mvn -o -pl capture-producer test-compile}):
 * <pre>
 * java -cp capture-producer/target/test-classes:capture-producer/target/classes:$(cat cp.txt) \
 *     org.openjdk.jmh.Main PacketPathBenchmark
 * </pre>
 * with cp.txt from {@code mvn -o -pl capture-producer dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 * {@link ReadBenchmark} measures whole-file reading, which JMH's repeated short invocations suit less;
 * {@link PacketPathCpuRate} the last path in packets per CPU-second, steadier on a shared machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PacketPathBenchmark {
    static final int FRAMES = 200_000;
    static final int BLOCK = 512;

    @Param("/tmp/bench/bench48h.pcap")
    public String file;

    @Param({"recorded", "spoofed"})
    public String sources;

    private CaptureFrame[] frames;
    private PacketDecoder decoder;
    private MaxMindGeoLookup geo;
    private Enricher enricher;

    @Setup(Level.Trial)
    public void load() {
        frames = frames(file, sources);
        decoder = new PacketDecoder("bench");
        geo = MaxMindGeoLookup.open(Optional.empty(), Optional.empty());
    }

    /** The first {@link #FRAMES} frames of {@code file}, with their sources as {@code sources} says. */
    static CaptureFrame[] frames(String file, String sources) {
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
        CaptureFrame[] frames = list.toArray(CaptureFrame[]::new);
        switch (sources) {
            case "recorded" -> { }
            case "spoofed" -> spoofSources(frames);
            default -> throw new IllegalArgumentException("sources must be recorded or spoofed, not " + sources);
        }
        return frames;
    }

    /** A new cache per pass: see the class comment. */
    @Setup(Level.Invocation)
    public void freshCache() {
        enricher = new Enricher(new CachingGeoLookup(geo, CaptureProducerMain.GEO_CACHE_SLOTS));
    }

    /** Overwrites the IPv4 source address of every Ethernet/IPv4 frame (the decoder checks no checksum). */
    private static void spoofSources(CaptureFrame[] frames) {
        SplittableRandom random = new SplittableRandom(42);
        for (CaptureFrame f : frames) {
            byte[] d = f.data();
            if (f.linkType() != 1 || f.capturedLength() < 34 || d[12] != 0x08 || d[13] != 0x00) {
                throw new IllegalStateException("spoofed sources need Ethernet/IPv4 frames without VLAN tags");
            }
            int src = random.nextInt();
            d[26] = (byte) (src >>> 24);
            d[27] = (byte) (src >>> 16);
            d[28] = (byte) (src >>> 8);
            d[29] = (byte) src;
        }
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
