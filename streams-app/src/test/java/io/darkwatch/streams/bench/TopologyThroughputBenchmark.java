package io.darkwatch.streams.bench;

import io.darkwatch.broker.EmbeddedKafkaBroker;
import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.packet.TcpFlags;
import io.darkwatch.common.topic.Heartbeats;
import io.darkwatch.common.topic.TopicInitializer;
import io.darkwatch.common.topic.Topics;
import io.darkwatch.streams.app.StreamsApp;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.settings.StreamsSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * How many packet summaries per second the streams app's topology processes, and the heap it
 * needs, with many countries and every destination port. Not a test: a command that prints its
 * figures (README, "Performance").
 *
 * <p>First the packets topic is filled (untimed): {@code --packets} synthetic summaries over
 * {@code --hours} of event time from {@code --countries} countries, in blocks of {@code --block}
 * per country, with heartbeats every minute of event time as capture-producer sends them; 60 %
 * scans spread over all 65,536 destination ports, 25 % SYN/ACK backscatter from a pool of victims,
 * 15 % UDP. Then a fresh streams app (default settings, scan detectors on) starts, and the time from
 * its start until its consumer group has committed the end of the packets topic is the figure.
 * Heap: the most in use while the streams app ran (sampled every 100 ms), and the heap in use after
 * a full GC at the end. Run with {@code -Xmx512m} and {@code --bootstrap-servers} of a broker in another process
 * ({@code ./darkwatch broker}) to measure the streams app alone.
 */
public final class TopologyThroughputBenchmark {
    private static final long T0 = 1_643_673_600_000L; // 2022-02-01T00:00:00Z

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        long packets = Long.parseLong(opts.getOrDefault("packets", "5000000"));
        int countries = Integer.parseInt(opts.getOrDefault("countries", "250"));
        int blockSize = Integer.parseInt(opts.getOrDefault("block", "512"));
        double hours = Double.parseDouble(opts.getOrDefault("hours", "2"));
        int partitions = Integer.parseInt(opts.getOrDefault("partitions", "6"));
        String bootstrap = opts.get("bootstrap-servers");
        EmbeddedKafkaBroker broker = null;
        if (bootstrap == null) {
            broker = new EmbeddedKafkaBroker().start();
            bootstrap = broker.bootstrapServers();
        }
        try {
            String run = "bench-" + System.currentTimeMillis();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                TopicInitializer.ensure(admin, Topics.ALL, partitions, (short) 1, true);
            }
            long start = System.nanoTime();
            long records = fill(bootstrap, packets, countries, blockSize, hours);
            double fillSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "filled %,d packets in %,d records (blocks of up to %d, %d countries) in %.1f s%n",
                    packets, records, blockSize, countries, fillSeconds);

            System.gc();
            Path stateDir = Files.createTempDirectory("darkwatch-bench-state");
            DetectorSettings detector = DetectorSettings.defaults().with(Map.of("scan.enabled", "true"));
            Map<String, String> kafka = new HashMap<>();
            opts.forEach((k, v) -> {
                if (k.startsWith("streams.")) {
                    kafka.put(k.substring("streams.".length()), v);
                }
            });
            StreamsSettings settings = StreamsSettings.of(bootstrap, stateDir, detector).withApplicationId(run)
                    .withKafkaProperties(kafka);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            long begin = System.nanoTime();
            try (StreamsApp app = new StreamsApp(settings, registry);
                    Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                app.start();
                if (!app.awaitRunning(Duration.ofMinutes(2))) {
                    throw new IllegalStateException("streams app not RUNNING but " + app.state());
                }
                double startSeconds = (System.nanoTime() - begin) / 1e9;
                long maxUsed = 0;
                while (lag(admin, run) > 0) {
                    if (app.failure().isPresent()) {
                        throw new IllegalStateException("streams app failed", app.failure().get());
                    }
                    maxUsed = Math.max(maxUsed, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                    Thread.sleep(100);
                }
                double seconds = (System.nanoTime() - begin) / 1e9;
                long peakHeap = Math.max(maxUsed, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                System.gc();
                long usedAfterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                double windows = registry.find("darkwatch.country.windows").counter() == null ? 0
                        : registry.find("darkwatch.country.windows").counter().count();
                System.out.printf(Locale.ROOT, "streams app: %,d packets in %.1f s = %,.0f packets/s (%,.0f records/s),"
                        + " %,.0f country windows emitted%n", packets, seconds, packets / seconds, records / seconds, windows);
                double running = seconds - startSeconds;
                System.out.printf(Locale.ROOT, "  of which %.1f s to start (internal topics, rebalance) and %.1f s RUNNING:"
                        + " %,.0f packets/s while running%n", startSeconds, running, packets / running);
                System.out.printf(Locale.ROOT, "heap: max %d MiB, most in use (sampled every 100 ms) %d MiB, in use after"
                        + " a full GC at the end %d MiB%n",
                        Runtime.getRuntime().maxMemory() >> 20, peakHeap >> 20, usedAfterGc >> 20);
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    /** Fills the packets topic; returns the records sent (blocks and heartbeats). */
    private static long fill(String bootstrap, long packets, int countries, int blockSize, double hours) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        String topic = Topics.PACKET_BLOCKS.name();
        Random rnd = new Random(42);
        String[] codes = countryCodes(countries);
        long stepNanos = (long) (hours * 3_600e9 / packets);
        long records = 0;
        try (KafkaProducer<String, PacketBlock> producer = new KafkaProducer<>(config,
                Topics.PACKET_BLOCKS.key().serializer(), Topics.PACKET_BLOCKS.value().serializer())) {
            int partitionCount = producer.partitionsFor(topic).size();
            Map<String, List<PacketSummary>> open = new HashMap<>();
            long nextHeartbeat = T0;
            for (long i = 0; i < packets; i++) {
                long ts = T0 * 1_000_000L + i * stepNanos;
                long tsMillis = ts / 1_000_000L;
                if (tsMillis >= nextHeartbeat) {
                    for (List<PacketSummary> block : open.values()) {
                        records += send(producer, topic, block);
                    }
                    open.clear();
                    for (int p = 0; p < partitionCount; p++) {
                        producer.send(Heartbeats.<PacketBlock>record(topic, p, tsMillis, "bench"));
                        records++;
                    }
                    nextHeartbeat += 60_000;
                }
                // Skewed like a real telescope: a few countries send most packets.
                String country = codes[(int) Math.min(countries - 1, Math.abs(rnd.nextGaussian()) * countries / 3)];
                List<PacketSummary> block = open.computeIfAbsent(country, c -> new ArrayList<>(blockSize));
                block.add(packet(rnd, ts, country));
                if (block.size() == blockSize) {
                    records += send(producer, topic, block);
                    open.remove(country);
                }
            }
            for (List<PacketSummary> block : open.values()) {
                records += send(producer, topic, block);
            }
            long end = T0 + (long) (hours * 3_600_000) + 3_600_000;
            for (int p = 0; p < partitionCount; p++) {
                producer.send(Heartbeats.<PacketBlock>record(topic, p, end, "bench"));
                records++;
            }
            producer.flush();
        }
        return records;
    }

    private static int send(KafkaProducer<String, PacketBlock> producer, String topic, List<PacketSummary> packets) {
        PacketBlock block = new PacketBlock(packets.get(0).country(), "bench", packets);
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, null, block.newestTimestampMillis(),
                block.country(), block));
        return 1;
    }

    private static PacketSummary packet(Random rnd, long ts, String country) {
        int kind = rnd.nextInt(100);
        int countryBits = (country.charAt(0) << 8 | country.charAt(1)) << 12;
        if (kind < 60) {
            // A scan: any of the 65,536 ports, from one of a few thousand sources of the country.
            IpAddress src = IpAddress.ofV4(countryBits | rnd.nextInt(4096));
            return new PacketSummary(ts, "bench", src, IpAddress.ofV4(0xC6336400 | rnd.nextInt(256)), IpProtocol.TCP,
                    1024 + rnd.nextInt(60000), rnd.nextInt(65536), TcpFlags.SYN, -1, -1, 50, 60, country, 0, 0);
        }
        if (kind < 85) {
            // Backscatter: a SYN/ACK from one of 500 victims, answering from 80 or 443.
            IpAddress victim = IpAddress.ofV4(countryBits | 0x800 | rnd.nextInt(500));
            return new PacketSummary(ts, "bench", victim, IpAddress.ofV4(0xC6336400 | rnd.nextInt(256)),
                    IpProtocol.TCP, rnd.nextBoolean() ? 80 : 443, 1024 + rnd.nextInt(60000),
                    TcpFlags.SYN | TcpFlags.ACK, -1, -1, 50, 60, country, 0, 0);
        }
        IpAddress src = IpAddress.ofV4(countryBits | rnd.nextInt(4096));
        return new PacketSummary(ts, "bench", src, IpAddress.ofV4(0xC6336400 | rnd.nextInt(256)), IpProtocol.UDP,
                1024 + rnd.nextInt(60000), rnd.nextBoolean() ? 123 : 53, 0, -1, -1, 50, 80, country, 0, 0);
    }

    /** The first {@code n} two-letter codes AA, AB, … (the detectors do not care whether ISO assigned them). */
    private static String[] countryCodes(int n) {
        String[] codes = new String[n];
        for (int i = 0; i < n; i++) {
            codes[i] = "" + (char) ('A' + i / 26) + (char) ('A' + i % 26);
        }
        return codes;
    }

    private static long lag(Admin admin, String group) throws Exception {
        String topic = Topics.PACKET_BLOCKS.name();
        int count = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                .partitions().size();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < count; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (TopicPartition tp : latest.keySet()) {
            OffsetAndMetadata c = committed.get(tp);
            lag += Math.max(0, ends.get(tp).offset() - (c == null ? 0 : c.offset()));
        }
        return lag;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("usage: [--packets N] [--countries N] [--block N] [--hours H]"
                        + " [--partitions N] [--bootstrap-servers HOST:PORT] [--streams.<kafka streams property> V];"
                        + " bad argument " + args[i]);
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }
}
