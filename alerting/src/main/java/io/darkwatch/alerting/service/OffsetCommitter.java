package io.darkwatch.alerting.service;

import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How handled offsets reach the group coordinator. A seam for tests: one that drops commits stands
 * for a process that dies after delivering (and recording) an alert but before its commit arrives.
 */
@FunctionalInterface
interface OffsetCommitter {
    OffsetCommitter SYNC = Consumer::commitSync;

    void commit(Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> offsets);
}
