package io.darkwatch.capture.testing;

import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.topic.Heartbeats;
import io.darkwatch.common.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reading back what the tests published on the packets topic: blocks of packet summaries and heartbeats. */
public final class PacketsTopic {
    private PacketsTopic() {
    }

    public static KafkaConsumer<String, PacketBlock> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                Topics.PACKET_BLOCKS.key().deserializer(), Topics.PACKET_BLOCKS.value().deserializer());
    }

    /** The topic's partitions. */
    public static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer) {
        return consumer.partitionsFor(Topics.PACKET_BLOCKS.name(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    /** The current end offsets: read from here to see only what a test appends. */
    public static Map<TopicPartition, Long> endOffsets(KafkaConsumer<?, ?> consumer) {
        return consumer.endOffsets(partitions(consumer));
    }

    /** Everything appended after {@code start}, up to the current end offsets, by partition then offset. */
    public static List<ConsumerRecord<String, PacketBlock>> readFrom(KafkaConsumer<String, PacketBlock> consumer,
            Map<TopicPartition, Long> start) {
        List<TopicPartition> partitions = new ArrayList<>(start.keySet());
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        consumer.assign(partitions);
        start.forEach(consumer::seek);
        List<ConsumerRecord<String, PacketBlock>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out reading back " + end + " from " + start);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        records.sort(Comparator.comparingInt(ConsumerRecord<String, PacketBlock>::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return records;
    }

    /** The records that are blocks (not heartbeats). */
    public static List<ConsumerRecord<String, PacketBlock>> blocks(List<ConsumerRecord<String, PacketBlock>> records) {
        return records.stream().filter(r -> !Heartbeats.isHeartbeat(r.key(), r.value())).toList();
    }

    /** Every packet of every block, in record order. */
    public static List<PacketSummary> packets(List<ConsumerRecord<String, PacketBlock>> records) {
        return blocks(records).stream().flatMap(r -> r.value().packets().stream()).toList();
    }
}
