package io.darkwatch.cli.local;

import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.common.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the whole {@code darkwatch.country-windows} topic once and adds up packets per country:
 * what the streams app counted, to set beside what the producer published.
 *
 * @param windows  country-window records read
 * @param packets  packets per country, summed over all windows
 */
public record CountryWindowTotals(long windows, Map<String, Long> packets) {

    static CountryWindowTotals read(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        var topic = Topics.COUNTRY_WINDOWS;
        try (KafkaConsumer<String, CountryWindow> consumer =
                new KafkaConsumer<>(p, topic.key().deserializer(), topic.value().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<String, Long> packets = new HashMap<>();
            long windows = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic.name() + " to its end within 2 minutes");
                }
                for (ConsumerRecord<String, CountryWindow> r : consumer.poll(Duration.ofMillis(500))) {
                    windows++;
                    packets.merge(r.value().country(), r.value().packets(), Long::sum);
                }
            }
            return new CountryWindowTotals(windows, Map.copyOf(packets));
        }
    }
}
