package io.darkwatch.streams.topology;

import io.darkwatch.common.topic.Topics;
import io.darkwatch.streams.config.ConfigStatusSink;
import io.darkwatch.streams.config.ConfigTopics;
import io.darkwatch.streams.config.ConfigValidator;
import io.darkwatch.streams.config.EffectiveSettings;
import io.darkwatch.streams.detect.CountryMonitor;
import io.darkwatch.streams.enrich.AsOrganizations;
import io.darkwatch.streams.enrich.VictimOwners;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.settings.OutageSignal;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * darkwatch's stream processing as a function of its settings (Processor API):
 *
 * <pre>
 * darkwatch.packets ──▶ signal-aggregator ──▶ darkwatch.country-windows
 *   (key country;         │ stores: known-countries, aggregator-progress
 *    null = heartbeat)    │ open windows: in memory, rebuilt from darkwatch.packets
 *                         ▼
 *                       detector ──▶ darkwatch.anomalies (key episode id)
 *                         store: detector-state      ▲ thresholds per (detector, country)
 *                                                    │
 * darkwatch.config ──▶ config-updater ──▶ global store config-scopes (every instance, every record)
 *   (key scope)          └──▶ verdicts to a {@link ConfigStatusSink} (darkwatch.config.status)
 * </pre>
 *
 * The query API's stores hang off this graph ({@link QueryStores}): they read the country windows and
 * the detector's events, and nothing here reads them.
 *
 * <p>Every store but config-scopes is persistent (RocksDB) with a changelog topic, so a restarted or moved task
 * resumes its known countries, histories and episodes; it rebuilds its open windows by reading its
 * partition of the packets topic again from the offset the progress store names ({@link SignalAggregator}). The packets topic is keyed by
 * country, so a country's packets, windows and detector state are all in one task and nothing is
 * repartitioned.
 */
public final class DarkwatchTopology {
    public static final String SOURCE = "packets";
    public static final String AGGREGATOR = "signal-aggregator";
    public static final String WINDOWS_SINK = "country-windows-sink";
    public static final String DETECTOR = "detector";
    public static final String ANOMALIES_SINK = "anomalies-sink";

    public static final String KNOWN_COUNTRIES_STORE = "known-countries";
    public static final String PROGRESS_STORE = "aggregator-progress";
    public static final String DETECTOR_STORE = "detector-state";
    public static final String CONFIG_SOURCE = "config";
    public static final String CONFIG_UPDATER = "config-updater";
    public static final String CONFIG_STORE = "config-scopes";

    private static final Logger LOG = LoggerFactory.getLogger(DarkwatchTopology.class);

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

    /** The topology, with config verdicts only logged (a bare topology has no status topic producer). */
    public static Topology build(DetectorSettings settings, TopologyMetrics metrics) {
        return build(settings, metrics, status -> LOG.info("config status {}", status), Clock.systemUTC());
    }

    /**
     * @param settings   the start-up settings; the config topic's scopes override the live ones
     * @param statusSink where verdicts on config records go
     * @param clock      stamps the verdicts
     */
    public static Topology build(DetectorSettings settings, TopologyMetrics metrics, ConfigStatusSink statusSink,
            Clock clock) {
        return build(settings, metrics, statusSink, clock, QueryStores.DEFAULT_RETENTION);
    }

    /**
     * @param historyRetention how long the query API's stores ({@link QueryStores}) keep closed windows
     */
    public static Topology build(DetectorSettings settings, TopologyMetrics metrics, ConfigStatusSink statusSink,
            Clock clock, Duration historyRetention) {
        return build(settings, metrics, statusSink, clock, historyRetention, AsOrganizations.NONE);
    }

    /**
     * @param owners who owns a victim's address (an ASN database, {@code --asn-db}), added to the
     *               backscatter details' victims and attacks
     */
    public static Topology build(DetectorSettings settings, TopologyMetrics metrics, ConfigStatusSink statusSink,
            Clock clock, Duration historyRetention, AsOrganizations owners) {
        CountryMonitor monitor = new CountryMonitor(settings);
        EffectiveSettings effective = new EffectiveSettings(settings, conflict -> {
            metrics.configConflict();
            LOG.warn("config scopes conflict: {}", conflict);
        });
        ConfigValidator validator = new ConfigValidator(settings);
        Topology t = new Topology();
        // Earliest: a new application id must start from the first captured packet, e.g. when replaying a capture.
        t.addSource(AutoOffsetReset.earliest(), SOURCE, new PacketTimestampExtractor(metrics, settings.packetsMaxAhead().toMillis()),
                Topics.PACKET_BLOCKS.key().deserializer(), Topics.PACKET_BLOCKS.value().deserializer(),
                Topics.PACKET_BLOCKS.name());
        t.addProcessor(AGGREGATOR, () -> new SignalAggregator(settings, metrics, KafkaInputReader::new), SOURCE);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(KNOWN_COUNTRIES_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled(), AGGREGATOR);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROGRESS_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled(), AGGREGATOR);
        t.addSink(WINDOWS_SINK, Topics.COUNTRY_WINDOWS.name(), Topics.COUNTRY_WINDOWS.key().serializer(),
                Topics.COUNTRY_WINDOWS.value().serializer(), AGGREGATOR);
        // In memory, without changelog (global stores never have one): rebuilt from the compacted config
        // topic, through ConfigUpdater, each time an instance starts.
        t.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CONFIG_STORE), Serdes.String(),
                Serdes.String()).withLoggingDisabled(), CONFIG_SOURCE, ConfigTopics.CONFIG.key().deserializer(),
                ConfigTopics.CONFIG.value().deserializer(), ConfigTopics.CONFIG.name(), CONFIG_UPDATER,
                () -> new ConfigUpdater(validator, statusSink, metrics, clock));
        VictimOwners victimOwners = new VictimOwners(owners);
        t.addProcessor(DETECTOR, () -> new DetectorProcessor(monitor, effective, metrics,
                settings.outageSignal() == OutageSignal.UNIQUE_SOURCES, victimOwners), AGGREGATOR);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DETECTOR_STORE),
                Serdes.String(), new CountryStateSerde()).withCachingEnabled(), DETECTOR);
        t.addSink(ANOMALIES_SINK, Topics.ANOMALIES.name(), Topics.ANOMALIES.key().serializer(),
                Topics.ANOMALIES.value().serializer(), DETECTOR);
        QueryStores.addTo(t, settings, historyRetention, DETECTOR);
        return t;
    }
}
