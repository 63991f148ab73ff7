package io.darkwatch.streams.topology;

import io.darkwatch.common.topic.Topics;
import io.darkwatch.streams.detect.CountryMonitor;
import io.darkwatch.streams.settings.DetectorSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * darkwatch's stream processing as a function of its settings (Processor API):
 *
 * <pre>
 * darkwatch.packets ──▶ signal-aggregator ──▶ darkwatch.country-windows
 *   (key country;         │ stores: signal-counts, known-countries, aggregator-progress
 *    null = heartbeat)    ▼
 *                       detector ──▶ darkwatch.anomalies (key episode id)
 *                         store: detector-state
 * </pre>
 *
 * Every store is persistent (RocksDB) with a changelog topic, so a restarted or moved task
 * resumes its open windows, known countries, histories and episodes. The packets topic is keyed by
 * country, so a country's packets, windows and detector state are all in one task and nothing is
 * repartitioned.
 */
public final class DarkwatchTopology {
    public static final String SOURCE = "packets";
    public static final String AGGREGATOR = "signal-aggregator";
    public static final String WINDOWS_SINK = "country-windows-sink";
    public static final String DETECTOR = "detector";
    public static final String ANOMALIES_SINK = "anomalies-sink";

    public static final String COUNTS_STORE = "signal-counts";
    public static final String KNOWN_COUNTRIES_STORE = "known-countries";
    public static final String PROGRESS_STORE = "aggregator-progress";
    public static final String DETECTOR_STORE = "detector-state";

    private DarkwatchTopology() {
    }

    /** The topology, with its counters on Micrometer's global registry. */
    public static Topology build(DetectorSettings settings) {
        return build(settings, Metrics.globalRegistry);
    }

    /** The topology, with its counters ({@link TopologyMetrics}) on {@code registry}. */
    public static Topology build(DetectorSettings settings, MeterRegistry registry) {
        return build(settings, new TopologyMetrics(registry));
    }

    public static Topology build(DetectorSettings settings, TopologyMetrics metrics) {
        CountryMonitor monitor = new CountryMonitor(settings);
        Topology t = new Topology();
        // Earliest: a new application id must start from the first captured packet, e.g. when replaying a capture.
        t.addSource(AutoOffsetReset.earliest(), SOURCE, new PacketTimestampExtractor(metrics),
                Topics.PACKETS.key().deserializer(), Topics.PACKETS.value().deserializer(), Topics.PACKETS.name());
        t.addProcessor(AGGREGATOR, () -> new SignalAggregator(settings, metrics), SOURCE);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COUNTS_STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingEnabled(), AGGREGATOR);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(KNOWN_COUNTRIES_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled(), AGGREGATOR);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROGRESS_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled(), AGGREGATOR);
        t.addSink(WINDOWS_SINK, Topics.COUNTRY_WINDOWS.name(), Topics.COUNTRY_WINDOWS.key().serializer(),
                Topics.COUNTRY_WINDOWS.value().serializer(), AGGREGATOR);
        t.addProcessor(DETECTOR, () -> new DetectorProcessor(monitor, metrics), AGGREGATOR);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DETECTOR_STORE),
                Serdes.String(), new CountryStateSerde()).withCachingEnabled(), DETECTOR);
        t.addSink(ANOMALIES_SINK, Topics.ANOMALIES.name(), Topics.ANOMALIES.key().serializer(),
                Topics.ANOMALIES.value().serializer(), DETECTOR);
        return t;
    }
}
