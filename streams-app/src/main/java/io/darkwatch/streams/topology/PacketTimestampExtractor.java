package io.darkwatch.streams.topology;

import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.topic.Heartbeats;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of the packets topic: the newest capture time inside the packet block; for a heartbeat
 * (null value) the event time in its header, or the record timestamp for heartbeats of producers
 * that wrote none. The record timestamp of a packet block is never used: the topic uses
 * LogAppendTime ({@code Topics.PACKETS}). A negative time is counted and the record dropped (Kafka
 * Streams skips records whose extracted timestamp is negative).
 */
final class PacketTimestampExtractor implements TimestampExtractor {
    private final TopologyMetrics metrics;

    PacketTimestampExtractor(TopologyMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long ts = record.value() instanceof PacketBlock b ? b.newestTimestampMillis()
                : Heartbeats.eventTime(record.headers()).orElse(record.timestamp());
        if (ts < 0) {
            metrics.invalidRecord("timestamp");
        }
        return ts;
    }
}
