package io.darkwatch.capture.bench;

import io.darkwatch.broker.EmbeddedKafkaBroker;
import io.darkwatch.capture.CaptureProducerMain;
import io.darkwatch.capture.decode.PacketDecoder;
import io.darkwatch.capture.geo.CachingGeoLookup;
import io.darkwatch.capture.geo.Enricher;
import io.darkwatch.capture.geo.MaxMindGeoLookup;
import io.darkwatch.capture.publish.BlockSettings;
import io.darkwatch.capture.publish.PacketPublisher;
import io.darkwatch.capture.publish.PublisherSettings;
import io.darkwatch.capture.replay.ProgressListener;
import io.darkwatch.capture.replay.ReplayJob;
import io.darkwatch.capture.replay.ReplayStats;
import io.darkwatch.common.topic.TopicInitializer;
import io.darkwatch.common.topic.Topics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Replays a capture into an embedded broker (in this JVM, as {@code darkwatch demo} runs it) for
 * each block size and compression, and prints packets/s, producer bytes on the wire per packet and
 * log bytes on disk per packet: the figures behind {@link BlockSettings#DEFAULT_MAX_PACKETS} and
 * {@link PacketPublisher#DEFAULT_COMPRESSION}. A command, not a test: the numbers depend on the machine.
 *
 * <p>Each configuration gets a fresh broker (so its log holds only that run) and runs {@code --repeat}
 * times; the first runs include JIT warm-up, the best is the steady-state figure. The whole path is
 * measured: read, decode, GeoIP, assemble blocks, encode, compress, send, until the broker acknowledged
 * the last record ({@code finish}). A decode-only pass first gives the ceiling without Kafka. Beside
 * wall-clock packets/s it prints packets per CPU-second of the whole process (broker included), the
 * steadier figure on a shared machine.
 *
 * <p>The capture: {@code /tmp/bench/telescope-burst.json}, the benchmark-48h countries at about
 * 200 k packets/s for 10 s (1,856,950 packets), so blocks fill as they would at a large telescope
 * (the 48-hour capture has only ~12 packets/s, where the 1 s event-time span closes every block first):
 * <pre>
 * ./darkwatch simulate --scenario /tmp/bench/telescope-burst.json --out /tmp/bench/burst.pcap
 * </pre>
 *
 * <pre>
 * mvn -q -o -pl capture-producer test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx2g -cp capture-producer/target/test-classes:capture-producer/target/classes:$(cat /tmp/cp.txt) \
 *     io.darkwatch.capture.bench.PublishBenchmark /tmp/bench/burst.pcap
 * </pre>
 */
@Command(name = "publish-benchmark", mixinStandardHelpOptions = true,
        description = "Measures replay into an embedded broker per block size and compression.")
public final class PublishBenchmark implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "pcap or pcapng capture")
    private Path file;

    @Option(names = "--block-sizes", split = ",", defaultValue = "1,256,1024", description = "(default: ${DEFAULT-VALUE})")
    private List<Integer> blockSizes;

    @Option(names = "--compressions", split = ",", defaultValue = "lz4,zstd,none",
            description = "(default: ${DEFAULT-VALUE})")
    private List<String> compressions;

    @Option(names = "--repeat", defaultValue = "2", description = "runs per configuration (default: ${DEFAULT-VALUE})")
    private int repeat;

    @Option(names = "--partitions", defaultValue = "3", description = "partitions of the packets topic (default: ${DEFAULT-VALUE})")
    private int partitions;

    @Option(names = "--producer-property", paramLabel = "KEY=VALUE", description = "extra producer properties")
    private Map<String, String> extra = new java.util.LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new PublishBenchmark()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "file %s, %d cores, Java %s, max heap %d MiB%n", file,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        try (MaxMindGeoLookup geo = MaxMindGeoLookup.open(Optional.empty(), Optional.empty())) {
            for (int i = 0; i < repeat; i++) {
                long t0 = System.nanoTime();
                ReplayStats stats = ReplayJob.decodeOnly(new PacketDecoder("bench"), new SimpleMeterRegistry(),
                        Clock.systemUTC()).run(file, ProgressListener.NONE);
                double s = (System.nanoTime() - t0) / 1e9;
                out.printf(Locale.ROOT, "decode only (no GeoIP, no Kafka): %d packets in %.2f s = %,.0f packets/s%n",
                        stats.decoded(), s, stats.decoded() / s);
            }
            out.printf("%-6s %-5s %4s %10s %8s %12s %8s %14s %10s %10s %9s%n", "block", "codec", "run", "packets", "s",
                    "packets/s", "cpu s", "packets/cpu-s", "wire B/p", "disk B/p", "records");
            out.flush();
            for (int block : blockSizes) {
                for (String codec : compressions) {
                    for (int run = 1; run <= repeat; run++) {
                        runOnce(geo, block, codec, run, out);
                    }
                }
            }
        }
        return 0;
    }

    private void runOnce(MaxMindGeoLookup geo, int block, String codec, int run, PrintWriter out) {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Map.of("num.partitions", String.valueOf(partitions)))
                .start()) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                TopicInitializer.ensure(admin, Topics.ALL, partitions, (short) 1, true);
            }
            Map<String, String> producer = new java.util.HashMap<>(extra);
            producer.put("compression.type", codec);
            PublisherSettings settings = new PublisherSettings(broker.bootstrapServers(), "bench",
                    PublisherSettings.DEFAULT_HEARTBEAT_INTERVAL, producer)
                    .withBlocks(new BlockSettings(block, BlockSettings.DEFAULT_MAX_EVENT_SPAN, BlockSettings.DEFAULT_LINGER));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            double wire;
            long published;
            double records;
            try (PacketPublisher publisher = PacketPublisher.create(settings, registry)) {
                ReplayJob.publishing(new PacketDecoder("bench"),
                        new Enricher(new CachingGeoLookup(geo, CaptureProducerMain.GEO_CACHE_SLOTS)), publisher,
                        registry, Clock.systemUTC()).run(file, ProgressListener.NONE);
                publisher.finish(0);
                published = publisher.acknowledged();
                wire = registry.get("kafka.producer.outgoing.byte.total").functionCounter().count();
                FunctionCounter sent = registry.get("kafka.producer.record.send.total").functionCounter();
                records = sent.count();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (processCpuNanos() - cpu0) / 1e9;
            long disk = logBytes(broker.logDir(), Topics.PACKET_BLOCKS.name());
            out.printf(Locale.ROOT, "%-6d %-5s %4d %10d %8.2f %,12.0f %8.2f %,14.0f %10.2f %10.2f %9.0f%n", block, codec,
                    run, published, seconds, published / seconds, cpu, published / cpu, wire / published,
                    (double) disk / published, records);
            out.flush();
        }
    }

    /**
     * CPU time of this whole process (reader, publisher, producer and the in-process broker): on a
     * machine shared with other work, packets per CPU-second is the steadier figure.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Bytes of the topic's log segments (.log files) under the broker's data directory. */
    private static long logBytes(Path logDir, String topic) {
        try (Stream<Path> files = Files.walk(logDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log"))
                    .filter(p -> p.getParent().getFileName().toString().matches(
                            java.util.regex.Pattern.quote(topic) + "-\\d+"))
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
