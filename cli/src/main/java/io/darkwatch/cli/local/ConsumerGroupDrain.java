package io.darkwatch.cli.local;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Knows when a consumer group has processed everything on a topic: its committed offset on every
 * partition has reached the partition's last committed (read_committed) offset. This is how the
 * local runner tells that a replay went all the way through the pipeline, without guessing with
 * sleeps.
 */
final class ConsumerGroupDrain {
    private final Admin admin;

    ConsumerGroupDrain(Admin admin) {
        this.admin = admin;
    }

    /** Records on {@code topic} not yet committed by {@code groupId}, over all partitions. */
    long lag(String groupId, String topic) {
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (TopicPartition tp : partitions) {
                long end = ends.get(tp).offset();
                OffsetAndMetadata c = committed.get(tp);
                lag += Math.max(0, end - (c == null ? 0 : c.offset()));
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading offsets", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read offsets of group " + groupId + " on " + topic + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Waits until the group has no lag on the topic.
     *
     * @param healthy checked on every round; when it turns false (e.g. the streams app died) waiting stops
     * @return true when drained, false on timeout or when {@code healthy} turned false
     */
    boolean await(String groupId, String topic, Duration timeout, BooleanSupplier healthy) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!healthy.getAsBoolean()) {
                return false;
            }
            if (lag(groupId, topic) == 0) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }
}
