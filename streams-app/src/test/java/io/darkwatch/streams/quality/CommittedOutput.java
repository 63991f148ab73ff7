package io.darkwatch.streams.quality;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.common.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a streams application committed to the country-windows and anomalies topics from given
 * offsets on, read with {@code read_committed} (so records of aborted transactions, e.g. of a
 * killed instance, are never seen), and decoded with the topics' own serdes.
 */
final class CommittedOutput implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    final List<CountryWindow> windows = new ArrayList<>();
    final List<Anomaly> anomalies = new ArrayList<>();

    /** Reads from {@code from} (as given by {@link #endOffsets}) on. */
    CommittedOutput(String bootstrapServers, Map<TopicPartition, Long> from) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "quality-reader-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
    }

    /** The committed end (last stable offset) of every partition of the two output topics now. */
    static Map<TopicPartition, Long> endOffsets(String bootstrapServers, Admin admin) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.COUNTRY_WINDOWS.name(), Topics.ANOMALIES.name())) {
            int n = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            for (int p = 0; p < n; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
        }
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return new HashMap<>(c.endOffsets(partitions));
        }
    }

    /** Reads until {@code done} holds; false when {@code timeout} passed first. */
    boolean readUntil(BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.topic().equals(Topics.COUNTRY_WINDOWS.name())) {
                    windows.add(Topics.COUNTRY_WINDOWS.value().deserializer().deserialize(r.topic(), r.value()));
                } else {
                    anomalies.add(Topics.ANOMALIES.value().deserializer().deserialize(r.topic(), r.value()));
                }
            }
        }
        return true;
    }

    /** Whether every country in {@code countries} has its window starting at {@code lastWindowStart}. */
    boolean hasWindow(java.util.Collection<String> countries, long lastWindowStart) {
        return countries.stream().allMatch(c -> windows.stream().anyMatch(w -> w.country().equals(c)
                && w.windowStart().toEpochMilli() == lastWindowStart));
    }

    long latestWindowStart() {
        return windows.stream().mapToLong(w -> w.windowStart().toEpochMilli()).max().orElse(Long.MIN_VALUE);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
