package io.darkwatch.common.topic;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.json.JsonSerde;
import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.packet.PacketBlockSerde;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.packet.PacketSummarySerde;
import io.darkwatch.common.signal.CountryWindow;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic darkwatch reads or writes, in one immutable registry. Formats are documented in the
 * README ("Topics and their formats").
 */
public final class Topics {

    /**
     * Packet summaries from capture-producer. Key: source country (so that one country's packets
     * land in one partition and the topology needs no repartition). Value: {@link PacketSummary} in
     * the binary format of {@code PacketSummaryCodec}. A record with a null value is a heartbeat:
     * its timestamp is the sensor's event time, sent to every partition so that stream time (and
     * with it window closing and outage detection) advances on partitions whose countries fell silent.
     *
     * <p>{@code LogAppendTime}: event time travels inside the values (and a heartbeat's header), never in
     * the record timestamp. Replayed captures are months or years old; with their event times as
     * record timestamps the broker would expire the idempotent producer's state at once (its
     * {@code producer.id.expiration.ms} counts from the newest record timestamp), so a retry after a
     * broker restart would be appended twice, and time-based retention would delete the segments as
     * soon as they roll.
     */
    public static final Topic<String, PacketSummary> PACKETS = new Topic<>("darkwatch.packets",
            Serdes.String(), new PacketSummarySerde(), Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));

    /**
     * The same topic as {@link #PACKETS}, read and written as blocks of packet summaries (value format
     * version 2, {@code PacketBlockCodec}; version 1 records are read as blocks of one). Key: source
     * country; every packet of a block shares it. Null values are heartbeats, as on {@link #PACKETS}.
     */
    public static final Topic<String, PacketBlock> PACKET_BLOCKS = new Topic<>("darkwatch.packets",
            Serdes.String(), new PacketBlockSerde(), PACKETS.configs());

    /** Per country and closed window, the signals the detectors saw (JSON {@link CountryWindow}). Key: country. */
    public static final Topic<String, CountryWindow> COUNTRY_WINDOWS = new Topic<>("darkwatch.country-windows",
            Serdes.String(), new JsonSerde<>(CountryWindow.class), Map.of());

    /** Anomaly events (JSON {@link Anomaly}). Key: episode id, so an episode's events stay in order. */
    public static final Topic<String, Anomaly> ANOMALIES = new Topic<>("darkwatch.anomalies",
            Serdes.String(), new JsonSerde<>(Anomaly.class), Map.of());

    /** Every topic, in the order to create them. */
    public static final List<Topic<?, ?>> ALL = List.of(PACKETS, COUNTRY_WINDOWS, ANOMALIES);

    private Topics() {
    }
}
