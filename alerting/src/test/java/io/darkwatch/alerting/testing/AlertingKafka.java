package io.darkwatch.alerting.testing;

import org.apache.kafka.clients.admin.AdminClientConfig;
import io.darkwatch.common.topic.TopicInitializer;
import io.darkwatch.alerting.deadletter.DeadLetter;
import io.darkwatch.alerting.topic.AlertingTopics;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reading and writing the alerting topics in tests against the real broker. */
public final class AlertingKafka {
    private AlertingKafka() {
    }

    /**
     * An admin client on the shared test broker, with darkwatch's topics and alerting's own ones
     * created (left as they are when they exist). The caller closes it.
     */
    public static Admin adminWithTopics(String bootstrap) {
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        TopicInitializer.ensure(admin, Topics.ALL, 3, (short) 1, true);
        AlertingTopics.ensure(admin, 2, (short) 1);
        return admin;
    }

    public static KafkaProducer<String, Anomaly> anomalyProducer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), Topics.ANOMALIES.value().serializer());
    }

    /** Every dead-letter record on the topic now, raw (to check what it does not contain). */
    public static List<byte[]> rawDeadLetters(String bootstrap) {
        List<byte[]> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = reader.partitionsFor(AlertingTopics.DEAD_LETTER.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(tp -> reader.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read the dead-letter topic to its end");
                }
                for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }

    /** The dead letters of one consumer group. */
    public static List<DeadLetter> deadLetters(String bootstrap, String group) {
        return rawDeadLetters(bootstrap).stream()
                .map(b -> AlertingTopics.DEAD_LETTER.value().deserializer().deserialize("t", b))
                .filter(l -> group.equals(l.group()))
                .toList();
    }

    /**
     * Makes a new consumer group start at the anomalies topic's current end: tests share one broker,
     * and a group starting at "earliest" would alert every other test's events too.
     */
    public static void startAtEnd(Admin admin, String group) throws ExecutionException, InterruptedException {
        Set<TopicPartition> partitions = admin.describeTopics(List.of(Topics.ANOMALIES.name())).allTopicNames().get()
                .get(Topics.ANOMALIES.name()).partitions().stream()
                .map(p -> new TopicPartition(Topics.ANOMALIES.name(), p.partition())).collect(Collectors.toSet());
        var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                .all().get();
        admin.alterConsumerGroupOffsets(group, partitions.stream().collect(Collectors.toMap(tp -> tp,
                tp -> new OffsetAndMetadata(ends.get(tp).offset())))).all().get();
    }

    /** True once the group's committed offsets equal the anomalies topic's (read-committed) end on every partition. */
    public static boolean caughtUp(Admin admin, String group) throws ExecutionException, InterruptedException {
        Set<TopicPartition> partitions = admin.describeTopics(List.of(Topics.ANOMALIES.name())).allTopicNames().get()
                .get(Topics.ANOMALIES.name()).partitions().stream()
                .map(p -> new TopicPartition(Topics.ANOMALIES.name(), p.partition())).collect(Collectors.toSet());
        var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())),
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        for (TopicPartition tp : partitions) {
            long end = ends.get(tp).offset();
            OffsetAndMetadata c = committed.get(tp);
            if (end > 0 && (c == null || c.offset() < end)) {
                return false;
            }
        }
        return true;
    }
}
