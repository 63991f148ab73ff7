package io.darkwatch.streams.topology;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.common.topic.Heartbeats;
import io.darkwatch.common.topic.Topics;
import io.darkwatch.streams.enrich.AsOrganizations;
import io.darkwatch.streams.config.ConfigStatus;
import io.darkwatch.streams.config.ConfigTopics;
import io.darkwatch.streams.settings.DetectorSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/** The topology in a {@link TopologyTestDriver}, with helpers to feed packets, heartbeats and config records. */
final class TopologyHarness implements AutoCloseable {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TopologyTestDriver driver;
    /** Stamps config verdicts. */
    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    /** Every config verdict published so far, in order. */
    final List<ConfigStatus> statuses = new ArrayList<>();
    private final TestInputTopic<String, PacketSummary> packets;
    private final TestInputTopic<String, PacketBlock> blocks;
    private final TestInputTopic<String, String> config;
    private final TestOutputTopic<String, CountryWindow> windows;
    private final TestOutputTopic<String, Anomaly> anomalies;
    private final List<CountryWindow> windowsRead = new ArrayList<>();
    private final List<Anomaly> anomaliesRead = new ArrayList<>();
    private final Path stateDir;

    TopologyHarness(DetectorSettings settings) {
        this(settings, QueryStores.DEFAULT_RETENTION);
    }

    /** @param historyRetention of the query API's stores */
    TopologyHarness(DetectorSettings settings, Duration historyRetention) {
        this(settings, historyRetention, AsOrganizations.NONE);
    }

    /** @param owners the victims' AS owners, as an ASN database would give them */
    TopologyHarness(DetectorSettings settings, AsOrganizations owners) {
        this(settings, QueryStores.DEFAULT_RETENTION, owners);
    }

    private TopologyHarness(DetectorSettings settings, Duration historyRetention, AsOrganizations owners) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "darkwatch-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            stateDir = Files.createTempDirectory("darkwatch-ttd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(DarkwatchTopology.build(settings, new TopologyMetrics(registry), statuses::add,
                Clock.fixed(NOW, ZoneOffset.UTC), historyRetention, owners), props);
        config = driver.createInputTopic(ConfigTopics.CONFIG.name(), ConfigTopics.CONFIG.key().serializer(),
                ConfigTopics.CONFIG.value().serializer());
        packets = driver.createInputTopic(Topics.PACKETS.name(), Topics.PACKETS.key().serializer(),
                Topics.PACKETS.value().serializer());
        blocks = driver.createInputTopic(Topics.PACKET_BLOCKS.name(), Topics.PACKET_BLOCKS.key().serializer(),
                Topics.PACKET_BLOCKS.value().serializer());
        windows = driver.createOutputTopic(Topics.COUNTRY_WINDOWS.name(), Topics.COUNTRY_WINDOWS.key().deserializer(),
                Topics.COUNTRY_WINDOWS.value().deserializer());
        anomalies = driver.createOutputTopic(Topics.ANOMALIES.name(), Topics.ANOMALIES.key().deserializer(),
                Topics.ANOMALIES.value().deserializer());
    }

    /** Sends the packets in order (record timestamp = capture time), with a heartbeat every minute. */
    void send(List<PacketSummary> sorted) {
        long nextHeartbeat = Long.MIN_VALUE;
        for (PacketSummary p : sorted) {
            long t = p.timestampMillis();
            if (nextHeartbeat == Long.MIN_VALUE) {
                nextHeartbeat = t;
            }
            while (nextHeartbeat <= t) {
                heartbeat(nextHeartbeat);
                nextHeartbeat += 60_000;
            }
            packets.pipeInput(p.country(), p, t);
        }
    }

    /**
     * Sends the packets as a producer of blocks would: per country a block of at most {@code maxPackets},
     * sent when full or when its oldest packet is {@code maxSpanMillis} older than the newest packet
     * seen, and every open block sent before each heartbeat (one a minute). Record timestamp = the
     * block's newest packet.
     */
    void sendInBlocks(List<PacketSummary> sorted, int maxPackets, long maxSpanMillis) {
        java.util.Map<String, List<PacketSummary>> open = new java.util.LinkedHashMap<>();
        long nextHeartbeat = Long.MIN_VALUE;
        for (PacketSummary p : sorted) {
            long t = p.timestampMillis();
            if (nextHeartbeat == Long.MIN_VALUE) {
                nextHeartbeat = t;
            }
            while (nextHeartbeat <= t) {
                open.values().forEach(this::sendBlock);
                open.clear();
                heartbeat(nextHeartbeat);
                nextHeartbeat += 60_000;
            }
            for (var it = open.entrySet().iterator(); it.hasNext(); ) {
                List<PacketSummary> block = it.next().getValue();
                if (block.get(0).timestampMillis() + maxSpanMillis <= t) {
                    sendBlock(block);
                    it.remove();
                }
            }
            List<PacketSummary> block = open.computeIfAbsent(p.country(), c -> new ArrayList<>());
            block.add(p);
            if (block.size() == maxPackets) {
                sendBlock(block);
                open.remove(p.country());
            }
        }
        open.values().forEach(this::sendBlock);
    }

    private void sendBlock(List<PacketSummary> packetsOfOneCountry) {
        PacketSummary first = packetsOfOneCountry.get(0);
        PacketBlock block = new PacketBlock(first.country(), first.sensorId(), packetsOfOneCountry);
        blocks.pipeInput(block.country(), block, block.newestTimestampMillis());
    }

    /** Heartbeats every minute in [from, to]: stream time moves on while every country is silent. */
    void heartbeats(long fromMillis, long toMillis) {
        for (long t = fromMillis; t <= toMillis; t += 60_000) {
            heartbeat(t);
        }
    }

    void heartbeat(long timeMillis) {
        packets.pipeInput(Heartbeats.KEY, null, timeMillis);
    }

    /** A config record as written by hand or by ConfigClient; a null value deletes the scope. */
    void config(String key, String json) {
        config.pipeInput(key, json, NOW.toEpochMilli());
    }

    void send(PacketSummary p) {
        packets.pipeInput(p.country(), p, p.timestampMillis());
    }

    /** Every country window emitted so far. */
    List<CountryWindow> windows() {
        windowsRead.addAll(windows.readValuesToList());
        return windowsRead;
    }

    /** Every anomaly event emitted so far. */
    List<Anomaly> anomalies() {
        anomaliesRead.addAll(anomalies.readValuesToList());
        return anomaliesRead;
    }

    <K, V> WindowStore<K, V> windowStore(String name) {
        return driver.getWindowStore(name);
    }

    <K, V> KeyValueStore<K, V> keyValueStore(String name) {
        return driver.getKeyValueStore(name);
    }

    double counter(String name) {
        var c = registry.find(name).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
