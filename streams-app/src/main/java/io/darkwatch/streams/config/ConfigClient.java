package io.darkwatch.streams.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.darkwatch.common.json.Json;
import io.darkwatch.common.kafka.KafkaClientProperties;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.settings.InvalidSettingsException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads and writes live detector settings on the config topic, for the CLI
 * ({@code darkwatch config set|get|list|delete|validate}).
 *
 * <pre>{@code
 * try (ConfigClient config = new ConfigClient("localhost:9092")) {
 *     ConfigEntry e = config.set("detector/outage/country/KZ", Map.of("outage.warning-ratio", "0.2"),
 *             "alice", "KZ is noisy at night");
 *     config.awaitStatus(e.scope(), e.offset(), Duration.ofSeconds(10)).ifPresent(System.out::println);
 * }
 * }</pre>
 *
 * <p>Everything written is checked here first ({@link InvalidSettingsException} with every problem,
 * nothing written): the scope, every key, type and range, which keys may be set live and in that
 * scope, and the rules between settings on top of {@code base} (the defaults unless told otherwise)
 * and this record's parent scopes as now on the topic. The running application checks again against
 * its own start-up settings and every scope, and answers on the status topic ({@link #awaitStatus}).
 *
 * <p>Not thread-safe; open one per command.
 */
public final class ConfigClient implements AutoCloseable {
    private final String bootstrapServers;
    private final KafkaClientProperties kafka;
    private final ConfigValidator validator;
    private final Clock clock;
    private final Duration timeout;
    private KafkaProducer<String, String> producer;
    private boolean topicsEnsured;

    /** A client that checks against the default settings, with a 30 s timeout per call. */
    public ConfigClient(String bootstrapServers) {
        this(bootstrapServers, DetectorSettings.defaults(), Clock.systemUTC(), Duration.ofSeconds(30));
    }

    /**
     * @param base    the settings the scopes override, as the application was started with ({@code --set})
     * @param clock   stamps {@code updatedAt}
     * @param timeout for each call to the broker
     */
    public ConfigClient(String bootstrapServers, DetectorSettings base, Clock clock, Duration timeout) {
        this(bootstrapServers, KafkaClientProperties.none(), base, clock, timeout);
    }

    /** A client of a secured cluster: {@code kafka} (TLS, SASL, …) configures its producer, consumers and admin. */
    public ConfigClient(String bootstrapServers, KafkaClientProperties kafka) {
        this(bootstrapServers, kafka, DetectorSettings.defaults(), Clock.systemUTC(), Duration.ofSeconds(30));
    }

    private ConfigClient(String bootstrapServers, KafkaClientProperties kafka, DetectorSettings base, Clock clock,
            Duration timeout) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.validator = new ConfigValidator(Objects.requireNonNull(base, "base"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Checks settings for a scope without a broker (alone on top of the base settings).
     *
     * @return the record as it would be written, values in canonical form
     * @throws InvalidSettingsException listing every problem
     */
    public ConfigRecord validate(String scope, Map<String, String> settings) {
        return validator.validate(scope, settings, "validate", clock.instant(), "", Map.of()).orThrow();
    }

    /**
     * Checks a config record's JSON for a scope without a broker, as the application would check it
     * on top of the base settings alone.
     *
     * @throws InvalidSettingsException listing every problem
     */
    public ConfigRecord validateRecord(String scope, String json) {
        return validator.validate(scope, json, Map.of()).orThrow();
    }

    /**
     * Writes settings for a scope, replacing the scope's previous settings as a whole.
     *
     * @return the record written and where
     * @throws InvalidSettingsException listing every problem; nothing is written then
     */
    public ConfigEntry set(String scope, Map<String, String> settings, String updatedBy, String comment) {
        // First on its own, so that every problem of the record is reported even when the scope is wrong.
        validator.validate(scope, settings, updatedBy, clock.instant(), comment, Map.of()).orThrow();
        ConfigScope parsed = parseScope(scope);
        Map<String, ConfigRecord> current = readConfig();
        Map<String, ConfigRecord> parents = new HashMap<>();
        for (ConfigScope s : ConfigValidator.chain(parsed)) {
            if (!s.equals(parsed) && current.containsKey(s.key())) {
                parents.put(s.key(), current.get(s.key()));
            }
        }
        ConfigRecord record = validator.validate(scope, settings, updatedBy, clock.instant(), comment, parents)
                .orThrow();
        RecordMetadata m = send(scope, record.toJson());
        return new ConfigEntry(scope, record, m.partition(), m.offset());
    }

    /**
     * Deletes a scope (writes a tombstone): its detectors fall back to the less specific scopes.
     *
     * @return the tombstone's offset
     * @throws InvalidSettingsException when the key names no scope
     */
    public long delete(String scope) {
        parseScope(scope);
        return send(scope, null).offset();
    }

    /**
     * The scope's latest record on the topic, if it has one. Whether the application put it in force
     * or rejected it (keeping the one before) is in {@link #statuses()}.
     */
    public Optional<ConfigEntry> get(String scope) {
        parseScope(scope);
        return Optional.ofNullable(readEntries().get(scope));
    }

    /** Every scope's latest record on the topic, in scope key order (see {@link #get} on what is in force). */
    public List<ConfigEntry> list() {
        return List.copyOf(readEntries().values());
    }

    /** The latest status of every scope, by scope key. */
    public Map<String, ConfigStatus> statuses() {
        Map<String, ConfigStatus> out = new TreeMap<>();
        readAll(ConfigTopics.STATUS.name(), ConfigTopics.STATUS.value().deserializer(), (r, live) -> {
            if (r.value() == null) {
                out.remove(r.key());
            } else {
                out.put(r.key(), r.value());
            }
        });
        return out;
    }

    /**
     * Waits for the application's verdict on the config record at {@code offset} of a scope (the
     * offset that {@link #set} or {@link #delete} returned).
     *
     * @return the status, or empty when no running application answered within the timeout
     */
    public Optional<ConfigStatus> awaitStatus(String scope, long offset, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try (KafkaConsumer<String, ConfigStatus> c = consumer(ConfigTopics.STATUS.value().deserializer())) {
            List<TopicPartition> parts = partitions(c, ConfigTopics.STATUS.name());
            if (parts.isEmpty()) {
                return Optional.empty();
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, ConfigStatus> r : c.poll(Duration.ofMillis(200))) {
                    if (scope.equals(r.key()) && r.value() != null && r.value().offset() == offset) {
                        return Optional.of(r.value());
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(timeout);
        }
    }

    private static ConfigScope parseScope(String scope) {
        try {
            return ConfigScope.parse(scope);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(List.of(e.getMessage()));
        }
    }

    private RecordMetadata send(String scope, String value) {
        ensureTopics();
        if (producer == null) {
            Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
            producer = new KafkaProducer<>(kafka.onTopOf(config, ProducerConfig.configNames()), new StringSerializer(),
                    new StringSerializer());
        }
        try {
            return producer.send(new ProducerRecord<>(ConfigTopics.CONFIG.name(), scope, value))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + scope, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write " + scope + " to " + ConfigTopics.CONFIG.name() + " on "
                    + bootstrapServers + ": " + e.getMessage(), e);
        }
    }

    // The broker would auto-create a missing topic on the first write, without compaction.
    private void ensureTopics() {
        if (!topicsEnsured) {
            try (Admin admin = Admin.create(kafka.onTopOf(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()),
                    AdminClientConfig.configNames()))) {
                ConfigTopics.ensure(admin, -1);
            }
            topicsEnsured = true;
        }
    }

    /** Readable records by scope; a record nobody could have accepted (malformed) is left out. */
    private Map<String, ConfigEntry> readEntries() {
        Map<String, ConfigEntry> out = new TreeMap<>();
        readAll(ConfigTopics.CONFIG.name(), ConfigTopics.CONFIG.value().deserializer(), (r, live) -> {
            if (r.value() == null) {
                out.remove(r.key());
                return;
            }
            try {
                ConfigRecord record = Json.mapper().readValue(r.value(), ConfigRecord.class);
                out.put(r.key(), new ConfigEntry(r.key(), record, r.partition(), r.offset()));
            } catch (JsonProcessingException | RuntimeException e) {
                // the application rejected it too; its status record says why
            }
        });
        return out;
    }

    private Map<String, ConfigRecord> readConfig() {
        Map<String, ConfigRecord> out = new HashMap<>();
        readEntries().forEach((k, e) -> out.put(k, e.record()));
        return out;
    }

    /** Every record of a topic from the beginning to its end now, in order. */
    private <V> void readAll(String topic, Deserializer<V> values,
            BiConsumer<ConsumerRecord<String, V>, Boolean> each) {
        try (KafkaConsumer<String, V> c = consumer(values)) {
            List<TopicPartition> parts = partitions(c, topic);
            if (parts.isEmpty()) {
                return;
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            List<TopicPartition> pending = new ArrayList<>(parts);
            while (true) {
                pending.removeIf(p -> c.position(p, timeout) >= end.get(p));
                if (pending.isEmpty()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + topic + " to its end within " + timeout);
                }
                c.poll(Duration.ofMillis(200)).forEach(r -> each.accept(r, true));
            }
        }
    }

    private <V> KafkaConsumer<String, V> consumer(Deserializer<V> values) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return new KafkaConsumer<>(kafka.onTopOf(config, ConsumerConfig.configNames()),
                ConfigTopics.CONFIG.key().deserializer(), values);
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, ?> c, String topic) {
        return c.partitionsFor(topic, timeout).stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
    }
}
