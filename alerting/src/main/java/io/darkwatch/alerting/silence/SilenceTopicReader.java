package io.darkwatch.alerting.silence;

import io.darkwatch.alerting.topic.AlertingTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted silences topic into a {@link SilenceBook}: all partitions, from the beginning,
 * without a consumer group (every instance needs every silence). A record it cannot read is logged
 * and skipped, never fatal: one bad silence must not stop alerting.
 */
final class SilenceTopicReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SilenceTopicReader.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<String, byte[]> reader;
    private final Deserializer<Silence> values = AlertingTopics.SILENCES.value().deserializer();
    private final SilenceBook book = new SilenceBook();
    private boolean assigned;

    SilenceTopicReader(Map<String, Object> readerConfig) {
        this.reader = new KafkaConsumer<>(Objects.requireNonNull(readerConfig, "readerConfig"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    SilenceBook book() {
        return book;
    }

    /** Reads up to the end the topic has now. */
    void catchUp(Duration timeout) {
        List<TopicPartition> partitions = assign(timeout);
        Map<TopicPartition, Long> end = reader.endOffsets(partitions, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (partitions.stream().anyMatch(tp -> reader.position(tp, timeout) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + AlertingTopics.SILENCES.name()
                        + " to its end within " + timeout.toSeconds() + " s");
            }
            poll(POLL);
        }
    }

    /** Takes what has arrived, waiting at most {@code wait}. */
    void poll(Duration wait) {
        for (ConsumerRecord<String, byte[]> r : reader.poll(wait)) {
            if (r.key() == null) {
                LOG.warn("skipping a silence without key at {} partition {} offset {}", r.topic(), r.partition(),
                        r.offset());
                continue;
            }
            if (r.value() == null) {
                book.apply(r.key(), null);
                continue;
            }
            try {
                book.apply(r.key(), values.deserialize(r.topic(), r.value()));
            } catch (RuntimeException e) {
                LOG.warn("skipping an unreadable silence {} at {} partition {} offset {}: {}", r.key(), r.topic(),
                        r.partition(), r.offset(), e.getMessage());
            }
        }
    }

    private List<TopicPartition> assign(Duration timeout) {
        if (!assigned) {
            var infos = reader.partitionsFor(AlertingTopics.SILENCES.name(), timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + AlertingTopics.SILENCES.name() + " does not exist; "
                        + "start the alerting service once (it creates it) or create it compacted");
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            assigned = true;
        }
        return List.copyOf(reader.assignment());
    }

    @Override
    public void close() {
        reader.close(Duration.ofSeconds(5));
    }
}
