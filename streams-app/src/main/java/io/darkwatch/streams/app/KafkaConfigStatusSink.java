package io.darkwatch.streams.app;

import io.darkwatch.streams.config.ConfigStatus;
import io.darkwatch.streams.config.ConfigStatusSink;
import io.darkwatch.streams.config.ConfigTopics;
import io.darkwatch.streams.settings.StreamsSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes config verdicts on {@code darkwatch.config.status} with a producer of its own (the global
 * processor that makes them cannot forward to a sink). Sends without waiting: the verdict is in force
 * whether or not its status arrives, and a failed send is logged.
 */
final class KafkaConfigStatusSink implements ConfigStatusSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaConfigStatusSink.class);

    private final KafkaProducer<String, ConfigStatus> producer;

    KafkaConfigStatusSink(StreamsSettings settings) {
        Map<String, Object> config = new HashMap<>();
        // Client settings passed through (security, for one) apply to this producer too.
        settings.kafkaProperties().forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k)) {
                config.put(k, v);
            }
        });
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, settings.applicationId() + "-config-status");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, null);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        producer = new KafkaProducer<>(config, ConfigTopics.STATUS.key().serializer(),
                ConfigTopics.STATUS.value().serializer());
    }

    @Override
    public void publish(ConfigStatus status) {
        producer.send(new ProducerRecord<>(ConfigTopics.STATUS.name(), status.scope(), status), (m, e) -> {
            if (e != null) {
                LOG.warn("status of config record {} at offset {} not published: {}", status.scope(), status.offset(),
                        e.toString());
            }
        });
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
