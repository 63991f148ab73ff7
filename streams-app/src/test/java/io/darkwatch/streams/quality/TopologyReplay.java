package io.darkwatch.streams.quality;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.topic.Heartbeats;
import io.darkwatch.common.topic.Topics;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.topology.DarkwatchTopology;
import io.darkwatch.streams.topology.TopologyMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The production topology ({@link DarkwatchTopology#build}) in a {@link TopologyTestDriver}, fed as
 * capture-producer feeds the packets topic: every summary through the topic's own serde, keyed by
 * country, with its capture time as record time, and a heartbeat every
 * {@value #HEARTBEAT_MILLIS} ms of event time and once more a window and its grace after the last
 * packet (capture-producer's {@code --final-advance}), so the last windows close.
 *
 * <p>Publishing is in {@link #accept} and {@link #heartbeat} only, so a change of the packets
 * topic's format (e.g. blocks of summaries per record) changes these two methods.
 */
final class TopologyReplay implements Consumer<PacketSummary>, AutoCloseable {
    static final long HEARTBEAT_MILLIS = 10_000;
    /** Packets per block at most, as capture-producer's default. */
    private static final int MAX_BLOCK = 512;

    private final DetectorSettings settings;
    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, PacketBlock> packets;
    /** Per country the packets not yet piped: sent as one block each before every heartbeat, as the publisher does. */
    private final Map<String, List<PacketSummary>> open = new LinkedHashMap<>();
    private final TestOutputTopic<String, Anomaly> anomalies;
    private long nextHeartbeat = Long.MIN_VALUE;
    private long lastPacket = Long.MIN_VALUE;
    private long sent;

    TopologyReplay(DetectorSettings settings) {
        this.settings = settings;
        try {
            stateDir = Files.createTempDirectory("darkwatch-quality");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "darkwatch-quality");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(DarkwatchTopology.build(settings,
                new TopologyMetrics(new SimpleMeterRegistry())), props);
        packets = driver.createInputTopic(Topics.PACKET_BLOCKS.name(), Topics.PACKET_BLOCKS.key().serializer(),
                Topics.PACKET_BLOCKS.value().serializer());
        anomalies = driver.createOutputTopic(Topics.ANOMALIES.name(), Topics.ANOMALIES.key().deserializer(),
                Topics.ANOMALIES.value().deserializer());
    }

    /** Publishes one summary (they must come in time order), after the heartbeats due before it. */
    @Override
    public void accept(PacketSummary p) {
        long t = p.timestampMillis();
        if (nextHeartbeat == Long.MIN_VALUE) {
            nextHeartbeat = t;
        }
        while (nextHeartbeat <= t) {
            heartbeat(nextHeartbeat);
            nextHeartbeat += HEARTBEAT_MILLIS;
        }
        List<PacketSummary> block = open.computeIfAbsent(p.country(), c -> new ArrayList<>());
        block.add(p);
        if (block.size() == MAX_BLOCK) {
            pipe(block);
            open.remove(p.country());
        }
        lastPacket = t;
        sent++;
    }

    /**
     * Ends the replay of a capture that ends at {@code endMillis} (exclusive): heartbeats up to it, then
     * one that closes the capture's last window and no later one (a later, empty window would read as
     * every country falling silent).
     */
    void finish(long endMillis) {
        long size = settings.windowSizeMillis();
        long close = Math.floorDiv(Math.max(endMillis, lastPacket + 1) - 1, size) * size + size
                + settings.windowGraceMillis();
        while (nextHeartbeat < close) {
            heartbeat(nextHeartbeat);
            nextHeartbeat += HEARTBEAT_MILLIS;
        }
        heartbeat(close);
    }

    private void heartbeat(long time) {
        open.values().forEach(this::pipe);
        open.clear();
        packets.pipeInput(Heartbeats.KEY, null, time);
    }

    private void pipe(List<PacketSummary> block) {
        PacketBlock b = new PacketBlock(block.get(0).country(), block.get(0).sensorId(), block);
        packets.pipeInput(b.country(), b, b.newestTimestampMillis());
    }

    long packetsSent() {
        return sent;
    }

    List<Anomaly> anomalies() {
        return anomalies.readValuesToList();
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
