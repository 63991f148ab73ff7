package io.darkwatch.capture.live;

import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reading back what the live-capture tests published on the packets topic of the shared broker. */
final class PacketsTopic {
    private PacketsTopic() {
    }

    static KafkaConsumer<String, PacketSummary> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                Topics.PACKETS.key().deserializer(), Topics.PACKETS.value().deserializer());
    }

    /** Everything appended after {@code start}, up to the current end offsets. */
    static List<ConsumerRecord<String, PacketSummary>> readFrom(KafkaConsumer<String, PacketSummary> consumer,
            Map<TopicPartition, Long> start) {
        List<TopicPartition> partitions = new ArrayList<>(start.keySet());
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        consumer.assign(partitions);
        start.forEach(consumer::seek);
        List<ConsumerRecord<String, PacketSummary>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out reading back " + end + " from " + start);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }
}
