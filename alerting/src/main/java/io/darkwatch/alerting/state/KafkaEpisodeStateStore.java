package io.darkwatch.alerting.state;

import io.darkwatch.alerting.topic.AlertingTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handled-episode state on the compacted topic {@link AlertingTopics#STATE}.
 *
 * <p>The reader is assigned every partition of the topic (no consumer group: every member needs all
 * of its group's state, whichever anomaly partitions it owns) and keeps its position between
 * {@link #catchUp()} calls, so a rebalance reads only what was added since. The topic holds one
 * small record per episode and group, so reading it whole at start-up is cheap.
 */
public final class KafkaEpisodeStateStore implements EpisodeStateStore {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEpisodeStateStore.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String group;
    private final Duration timeout;
    private final KafkaProducer<String, AlertedEpisode> producer;
    private final KafkaConsumer<String, byte[]> reader;
    private final Deserializer<AlertedEpisode> values = AlertingTopics.STATE.value().deserializer();
    private boolean assigned;

    /**
     * @param producerConfig acks=all, idempotent (see {@code AlertingService.producerConfig})
     * @param readerConfig   bootstrap servers etc., no group id (see {@code AlertingService.stateReaderConfig})
     * @param timeout        how long a catch-up may take before start-up or a rebalance fails
     */
    public KafkaEpisodeStateStore(String group, Map<String, Object> producerConfig, Map<String, Object> readerConfig,
            Duration timeout) {
        this.group = Objects.requireNonNull(group, "group");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                AlertingTopics.STATE.value().serializer());
        try {
            this.reader = new KafkaConsumer<>(readerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    @Override
    public List<AlertedEpisode> catchUp() {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!assigned) {
            assignAll();
        }
        Map<TopicPartition, Long> end = reader.endOffsets(reader.assignment(), timeout);
        List<AlertedEpisode> found = new ArrayList<>();
        while (!reachedEnd(end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + AlertingTopics.STATE.name() + " to its end within "
                        + timeout.toSeconds() + " s");
            }
            for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
                read(record, found);
            }
        }
        return found;
    }

    private void assignAll() {
        String topic = AlertingTopics.STATE.name();
        List<PartitionInfo> partitions;
        try {
            partitions = reader.partitionsFor(topic, timeout);
        } catch (TimeoutException e) {
            partitions = List.of();
        }
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("the alerting state topic " + topic + " does not exist; create it "
                    + "(cleanup.policy=compact), e.g. by starting `alert`, which calls AlertingTopics.ensure");
        }
        List<TopicPartition> all = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        reader.assign(all);
        reader.seekToBeginning(all);
        assigned = true;
    }

    private boolean reachedEnd(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (reader.position(e.getKey(), timeout) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void read(ConsumerRecord<String, byte[]> record, List<AlertedEpisode> found) {
        if (record.value() == null) {
            return; // a tombstone: an operator chose to forget that episode
        }
        try {
            AlertedEpisode episode = values.deserialize(record.topic(), record.value());
            if (episode != null && group.equals(episode.group())) {
                found.add(episode);
            }
        } catch (RuntimeException e) {
            LOG.warn("skipping an unreadable state record on {} partition {} offset {}: {}", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
        }
    }

    @Override
    public void save(AlertedEpisode episode) {
        if (!group.equals(episode.group())) {
            throw new IllegalArgumentException("state of group " + episode.group() + " given to the store of " + group);
        }
        try {
            producer.send(new ProducerRecord<>(AlertingTopics.STATE.name(), episode.key(), episode)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while recording " + episode.episodeId() + " as alerted", e);
        } catch (ExecutionException e) {
            throw new KafkaException("cannot record " + episode.episodeId() + " as alerted on "
                    + AlertingTopics.STATE.name() + ": " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        try {
            producer.close(Duration.ofSeconds(10));
        } finally {
            reader.close();
        }
    }
}
