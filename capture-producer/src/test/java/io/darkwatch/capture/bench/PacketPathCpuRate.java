package io.darkwatch.capture.bench;

import io.darkwatch.capture.CaptureProducerMain;
import io.darkwatch.capture.decode.DecodeResult;
import io.darkwatch.capture.decode.PacketDecoder;
import io.darkwatch.capture.geo.CachingGeoLookup;
import io.darkwatch.capture.geo.Enricher;
import io.darkwatch.capture.geo.MaxMindGeoLookup;
import io.darkwatch.capture.read.CaptureFrame;
import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.packet.PacketBlockCodec;
import io.darkwatch.common.packet.PacketSummary;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@link PacketPathBenchmark}'s decode + enrich + encoding into blocks, measured in packets per
 * CPU-second of the one thread doing it, for a shared machine: JMH's wall-clock score falls when
 * other processes take the core, CPU time much less (what is left: caches and memory bandwidth
 * shared with them). "2 M packets/s on one core" is a CPU-time figure anyway.
 *
 * <p>Same frames and sources as the JMH benchmark, a new GeoIP cache per pass; the first
 * {@code warm-up} passes are left out; prints the median and the best of the rest.
 * <pre>
 * java -cp capture-producer/target/test-classes:capture-producer/target/classes:$(cat cp.txt) \
 *     io.darkwatch.capture.bench.PacketPathCpuRate /tmp/bench/bench48h.pcap recorded 30 10
 * </pre>
 */
public final class PacketPathCpuRate {
    private PacketPathCpuRate() {
    }

    public static void main(String[] args) {
        String file = args.length > 0 ? args[0] : "/tmp/bench/bench48h.pcap";
        String sources = args.length > 1 ? args[1] : "recorded";
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        CaptureFrame[] frames = PacketPathBenchmark.frames(file, sources);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        PacketDecoder decoder = new PacketDecoder("bench");
        long checksum = 0;
        double[] rates = new double[passes - warmUp];
        try (MaxMindGeoLookup geo = MaxMindGeoLookup.open(Optional.empty(), Optional.empty())) {
            for (int pass = 0; pass < passes; pass++) {
                Enricher enricher = new Enricher(new CachingGeoLookup(geo, CaptureProducerMain.GEO_CACHE_SLOTS));
                long start = threads.getCurrentThreadCpuTime();
                checksum += decodeEnrichEncodeBlocks(frames, decoder, enricher);
                long cpu = threads.getCurrentThreadCpuTime() - start;
                if (pass >= warmUp) {
                    rates[pass - warmUp] = frames.length / (cpu / 1e9);
                }
            }
        }
        Arrays.sort(rates);
        System.out.printf(Locale.ROOT, "%s sources=%s: decode + enrich + blocks, packets per CPU-second over %d passes:"
                + " median %,.0f, best %,.0f (checksum %d)%n", file, sources, rates.length, rates[rates.length / 2],
                rates[rates.length - 1], checksum);
    }

    /** The loop of {@link PacketPathBenchmark#decodeEnrichEncodeBlocks}, summing block sizes instead of a Blackhole. */
    private static long decodeEnrichEncodeBlocks(CaptureFrame[] frames, PacketDecoder decoder, Enricher enricher) {
        long bytes = 0;
        Map<String, List<PacketSummary>> open = new HashMap<>();
        for (CaptureFrame f : frames) {
            if (decoder.decode(f) instanceof DecodeResult.Decoded d) {
                PacketSummary s = enricher.enrich(d.summary());
                List<PacketSummary> block = open.computeIfAbsent(s.country(), c -> new ArrayList<>(PacketPathBenchmark.BLOCK));
                block.add(s);
                if (block.size() == PacketPathBenchmark.BLOCK) {
                    bytes += PacketBlockCodec.encode(new PacketBlock(s.country(), s.sensorId(), block)).length;
                    open.remove(s.country());
                }
            }
        }
        for (Map.Entry<String, List<PacketSummary>> e : open.entrySet()) {
            bytes += PacketBlockCodec.encode(new PacketBlock(e.getKey(), e.getValue().get(0).sensorId(), e.getValue())).length;
        }
        return bytes;
    }
}
