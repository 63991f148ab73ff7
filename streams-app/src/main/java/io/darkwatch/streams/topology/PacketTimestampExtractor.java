package io.darkwatch.streams.topology;

import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.topic.Heartbeats;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of the packets topic ({@link EventTimes}): the newest capture time inside the packet
 * block that is not more than {@code packets.max-ahead} after the record's arrival; for a heartbeat
 * (null value) the event time in its header, or the record timestamp for heartbeats of producers that
 * wrote none. Kafka Streams skips records whose extracted time is negative: a block whose packets
 * are all too far ahead (reason {@code future}, per packet) or whose time is negative (reason
 * {@code timestamp}) is counted and dropped.
 */
final class PacketTimestampExtractor implements TimestampExtractor {
    private final TopologyMetrics metrics;
    private final long maxAheadMillis;

    PacketTimestampExtractor(TopologyMetrics metrics, long maxAheadMillis) {
        this.metrics = metrics;
        this.maxAheadMillis = maxAheadMillis;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long latest = EventTimes.latestAllowed(record.timestamp(), maxAheadMillis);
        if (record.value() instanceof PacketBlock block) {
            long ts = EventTimes.eventTime(block, latest);
            if (ts == EventTimes.NONE) {
                if (block.newestTimestampMillis() > latest) {
                    metrics.invalidRecords("future", block.size());
                } else {
                    metrics.invalidRecord("timestamp");
                }
            }
            return ts;
        }
        long ts = Heartbeats.eventTime(record.headers()).orElse(record.timestamp());
        if (ts > latest) {
            metrics.invalidRecord("future");
            return EventTimes.NONE;
        }
        if (ts < 0) {
            metrics.invalidRecord("timestamp");
        }
        return ts;
    }
}
