package io.darkwatch.streams.topology;

import io.darkwatch.common.packet.PacketBlock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of the packets topic: the newest capture time inside the packet block, whatever timestamp
 * the producer put on the record; for a heartbeat (null value) the record's own timestamp, which is
 * the sensor's event time by contract. A negative time is counted and the record dropped (Kafka
 * Streams skips records whose extracted timestamp is negative).
 */
final class PacketTimestampExtractor implements TimestampExtractor {
    private final TopologyMetrics metrics;

    PacketTimestampExtractor(TopologyMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long ts = record.value() instanceof PacketBlock b ? b.newestTimestampMillis() : record.timestamp();
        if (ts < 0) {
            metrics.invalidRecord("timestamp");
        }
        return ts;
    }
}
