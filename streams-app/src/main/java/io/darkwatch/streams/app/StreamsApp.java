package io.darkwatch.streams.app;

import io.darkwatch.streams.config.ConfigTopics;
import io.darkwatch.streams.config.EffectiveSettings;
import io.darkwatch.streams.enrich.AsOrganizations;
import io.darkwatch.streams.query.ClusterQueries;
import io.darkwatch.streams.query.QueryServer;
import io.darkwatch.streams.query.QuerySettings;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.settings.StreamsSettings;
import io.darkwatch.streams.topology.DarkwatchTopology;
import io.darkwatch.streams.metrics.TrafficMetricsLimits;
import io.darkwatch.streams.topology.TopologyMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The darkwatch streams application: {@link DarkwatchTopology} on a {@link KafkaStreams} client,
 * exactly-once, with Kafka's and darkwatch's metrics on one {@link MeterRegistry}.
 *
 * <pre>{@code
 * try (StreamsApp app = new StreamsApp(settings, registry)) {
 *     app.start();
 *     if (!app.awaitRunning(Duration.ofMinutes(1))) { ... }
 *     ...
 * }
 * }</pre>
 *
 * <p>Exactly-once ({@code exactly_once_v2}): the windows, anomalies and state written for a batch of
 * packets commit together, so a crash neither loses nor repeats an anomaly event. This needs the
 * broker's transaction state log to be writable: on a single-node broker set
 * {@code transaction.state.log.replication.factor=1} and {@code transaction.state.log.min.isr=1}
 * there (the embedded broker does), and give this application replication factor 1 for its
 * internal topics ({@link StreamsSettings#replicationFactor()}).
 *
 * <p>Live configuration: {@link #start()} creates the config topics ({@link ConfigTopics}) when they
 * are missing, since the config-scopes global store cannot start without its topic, and verdicts on
 * config records are published on {@code darkwatch.config.status} by a producer of this application.
 *
 * <p>An exception that escapes a stream thread is logged and shuts the client down
 * ({@link #state()} becomes ERROR, {@link #failure()} holds the cause): with exactly-once and
 * persistent state, a restart by the supervisor resumes cleanly, while replacing the thread in
 * place would most likely fail again on the same record.
 */
public final class StreamsApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);
    private static final Set<KafkaStreams.State> FAILED = Set.of(KafkaStreams.State.ERROR,
            KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.NOT_RUNNING);

    private final StreamsSettings settings;
    private final TopologyMetrics metrics;
    private final Topology topology;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics kafkaMetrics;
    private final KafkaConfigStatusSink statusSink;
    private final EffectiveSettings effective;
    private final QueryServer queryServer;
    private final Object stateChange = new Object();
    /** How long a peer may take to answer its part of a query. */
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(10);
    private volatile Throwable failure;
    private boolean started;

    /** Without the query API (its stores are kept all the same, with the default retention). */
    public StreamsApp(StreamsSettings settings, MeterRegistry registry) {
        this(settings, registry, TrafficMetricsLimits.DEFAULT, QuerySettings.off());
    }

    /**
     * @param limits how many countries, ports and sensors the traffic metrics label
     * @param query  the query API when it enables it: its port is bound here, at once, and advertised
     *               to the other instances as {@code application.server}; it answers 503 until the
     *               client is RUNNING
     */
    public StreamsApp(StreamsSettings settings, MeterRegistry registry, TrafficMetricsLimits limits,
            QuerySettings query) {
        this(settings, registry, limits, query, AsOrganizations.NONE);
    }

    /** @param owners who owns a victim's address ({@code --asn-db}), for the backscatter details */
    public StreamsApp(StreamsSettings settings, MeterRegistry registry, TrafficMetricsLimits limits,
            QuerySettings query, AsOrganizations owners) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = new TopologyMetrics(Objects.requireNonNull(registry, "registry"), limits);
        this.statusSink = new KafkaConfigStatusSink(settings);
        // Resolves like the detector processor does, from the same global store, for settingsInForce;
        // conflicts are logged and counted by the topology's own resolver already.
        this.effective = new EffectiveSettings(settings.detector(), conflict -> { });
        this.topology = DarkwatchTopology.build(settings.detector(), metrics, statusSink, Clock.systemUTC(),
                query.retention(), owners);
        Properties properties = properties(settings, metrics);
        this.queryServer = query.enabled() ? new QueryServer("0.0.0.0", query.port()) : null;
        HostInfo self = null;
        if (queryServer != null) {
            self = new HostInfo(query.advertisedHost(), queryServer.port());
            properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        }
        try {
            this.streams = new KafkaStreams(topology, properties);
        } catch (RuntimeException e) {
            if (queryServer != null) {
                queryServer.close();
            }
            throw e;
        }
        if (queryServer != null) {
            queryServer.start(new ClusterQueries(streams, self, PEER_TIMEOUT));
        }
        streams.setUncaughtExceptionHandler(e -> {
            failure = e;
            LOG.error("darkwatch streams stopped by an unexpected error; shutting the client down", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("streams state {} -> {}", before, now);
            synchronized (stateChange) {
                stateChange.notifyAll();
            }
        });
        this.kafkaMetrics = new KafkaStreamsMetrics(streams);
        kafkaMetrics.bindTo(registry);
    }

    /**
     * The Kafka Streams properties for these settings: darkwatch's defaults, then
     * {@link StreamsSettings#kafkaProperties()} on top.
     *
     * @param metrics counted in by the deserialization exception handler
     */
    public static Properties properties(StreamsSettings settings, TopologyMetrics metrics) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, settings.replicationFactor());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        p.put(BoundedRocksDbMemory.TOTAL_MEMORY_CONFIG, String.valueOf(BoundedRocksDbMemory.DEFAULT_TOTAL_MIB));
        // Throughput defaults, measured with TopologyThroughputBenchmark (README, "Performance"): two
        // threads (one per core of a small host; 339 k -> 499 k packets/s on 2 cores beside the broker),
        // a commit a second rather than exactly-once's 100 ms (each commit is a transaction round trip;
        // windows are minutes long), bigger fetches (a record is a block of hundreds of packets), and no
        // compression of changelogs and outputs (CPU-bound here: lz4 cost more than the bytes it saved).
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), 8 * 1024 * 1024);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 2000);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "none");
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                CountingDeserializationExceptionHandler.class.getName());
        p.put(CountingDeserializationExceptionHandler.METRICS_CONFIG, metrics);
        // Processing errors in the config global store go to the same handler as the rest (Kafka 5.0's behaviour).
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.putAll(settings.kafkaProperties());
        return p;
    }

    /** The query API's port (the bound one when 0 was asked for), empty when it is off. */
    public OptionalInt queryPort() {
        return queryServer == null ? OptionalInt.empty() : OptionalInt.of(queryServer.port());
    }

    public Topology topology() {
        return topology;
    }

    public StreamsSettings settings() {
        return settings;
    }

    /** Creates the config topics if they are missing, then starts processing; returns at once. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        Map<String, Object> adminConfig = new HashMap<>(settings.kafkaProperties());
        adminConfig.keySet().retainAll(AdminClientConfig.configNames());
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        try (Admin admin = Admin.create(adminConfig)) {
            ConfigTopics.ensure(admin, settings.replicationFactor());
        }
        LOG.info("starting darkwatch streams '{}' on {} with state in {}", settings.applicationId(),
                settings.bootstrapServers(), settings.stateDir());
        streams.start();
    }

    /**
     * The settings this instance judges a detector's windows of a country with now: the start-up
     * settings with the accepted config scopes on top.
     *
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while the application is not
     *         running (e.g. still starting)
     */
    public DetectorSettings settingsInForce(String detector, String country) {
        ReadOnlyKeyValueStore<String, String> scopes = streams.store(StoreQueryParameters.fromNameAndType(
                DarkwatchTopology.CONFIG_STORE, QueryableStoreTypes.keyValueStore()));
        return effective.resolve(detector, country, scopes::get);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The error that shut the client down, if any. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Waits until the application is RUNNING.
     *
     * @return true when running, false when the timeout passed first (it may still be rebalancing
     *         or restoring state)
     * @throws IllegalStateException when it is shutting down or failed instead
     */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stateChange) {
            while (true) {
                KafkaStreams.State s = streams.state();
                if (s == KafkaStreams.State.RUNNING) {
                    return true;
                }
                if (FAILED.contains(s)) {
                    throw new IllegalStateException("darkwatch streams is " + s + " instead of RUNNING"
                            + failure().map(f -> ": " + f).orElse(""), failure);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                stateChange.wait(Math.max(1, left / 1_000_000), 0);
            }
        }
    }

    /** Waits until the client has stopped (shut down or failed); true when it has, false on timeout. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stateChange) {
            while (streams.state() != KafkaStreams.State.NOT_RUNNING && streams.state() != KafkaStreams.State.ERROR) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                stateChange.wait(Math.max(1, left / 1_000_000), 0);
            }
            return true;
        }
    }

    /** Stops processing, commits, releases the state stores and leaves the group; waits at most 30 s. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /**
     * Stops processing and leaves the consumer group, so that a restarted or remaining instance gets
     * the partitions at once instead of after the session timeout (45 s by default).
     */
    public void close(Duration timeout) {
        if (queryServer != null) {
            queryServer.close();
        }
        if (!streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(timeout))) {
            LOG.warn("darkwatch streams did not close within {}", timeout);
        }
        kafkaMetrics.close();
        statusSink.close();
    }
}
