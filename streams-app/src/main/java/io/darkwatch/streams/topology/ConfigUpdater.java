package io.darkwatch.streams.topology;

import io.darkwatch.common.json.Json;
import io.darkwatch.streams.config.ConfigRecord;
import io.darkwatch.streams.config.ConfigStatus;
import io.darkwatch.streams.config.ConfigStatusSink;
import io.darkwatch.streams.config.ConfigValidation;
import io.darkwatch.streams.config.ConfigValidator;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the config-scopes global store: every instance reads every config record, checks it
 * ({@link ConfigValidator}, against this instance's start-up settings and the scopes in force) and
 * stores it only when it is good, so a bad record leaves the last good settings in force. Each
 * verdict is logged, counted and published ({@link ConfigStatusSink}).
 *
 * <p>Kafka Streams runs this processor again over the whole topic when an instance starts (the
 * store is in memory), so every record is checked against the settings the instance now runs with.
 */
final class ConfigUpdater implements Processor<String, String, Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigUpdater.class);

    private final ConfigValidator validator;
    private final ConfigStatusSink statusSink;
    private final TopologyMetrics metrics;
    private final Clock clock;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, String> scopes;

    ConfigUpdater(ConfigValidator validator, ConfigStatusSink statusSink, TopologyMetrics metrics, Clock clock) {
        this.validator = validator;
        this.statusSink = statusSink;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        scopes = context.getStateStore(DarkwatchTopology.CONFIG_STORE);
    }

    @Override
    public void process(Record<String, String> record) {
        String key = record.key();
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        boolean deletion = record.value() == null;
        ConfigValidation v = deletion ? validator.validateDeletion(key)
                : validator.validate(key, record.value(), current());
        ConfigStatus.Outcome outcome;
        if (!v.accepted()) {
            outcome = ConfigStatus.Outcome.REJECTED;
            v.reasons().forEach(metrics::configRejected);
            LOG.warn("config record {} at offset {} rejected, the settings in force stay: {}", key, offset,
                    String.join("; ", v.messages()));
        } else if (deletion) {
            outcome = ConfigStatus.Outcome.DELETED;
            scopes.delete(key);
            metrics.configDeleted();
            LOG.info("config scope {} deleted at offset {}", key, offset);
        } else {
            outcome = ConfigStatus.Outcome.ACCEPTED;
            scopes.put(key, v.record().toJson());
            metrics.configAccepted();
            LOG.info("config scope {} at offset {} in force: {} (by {}: {})", key, offset, v.record().settings(),
                    v.record().updatedBy(), v.record().comment());
        }
        if (key == null) {
            // A compacted topic takes no null key, so this verdict can only be logged and counted.
            return;
        }
        try {
            statusSink.publish(new ConfigStatus(key, outcome, v.reasons(), v.messages(), partition, offset,
                    clock.instant(), updatedBy(v, record.value())));
        } catch (RuntimeException e) {
            // The verdict is in force either way; a status that cannot be sent must not stop the store.
            LOG.warn("cannot publish the status of config record {} at offset {}: {}", key, offset, e.toString());
        }
    }

    private Map<String, ConfigRecord> current() {
        Map<String, ConfigRecord> out = new HashMap<>();
        try (KeyValueIterator<String, String> it = scopes.all()) {
            while (it.hasNext()) {
                KeyValue<String, String> kv = it.next();
                out.put(kv.key, ConfigRecord.fromStoredJson(kv.value));
            }
        }
        return out;
    }

    private static String updatedBy(ConfigValidation v, String json) {
        if (v.record() != null) {
            return v.record().updatedBy();
        }
        try {
            var node = json == null ? null : Json.mapper().readTree(json);
            return node != null && node.path("updatedBy").isTextual() ? node.get("updatedBy").asText() : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
