package io.darkwatch.streams.quality;

import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.topic.Heartbeats;
import io.darkwatch.common.topic.Topics;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes packet summaries to the packets topic of a real broker as capture-producer's replay
 * does: through the topic's serde, keyed by country, record time = capture time, a heartbeat to
 * every partition every {@value TopologyReplay#HEARTBEAT_MILLIS} ms of event time, and a last one
 * that closes the capture's last window. Summaries must come in time order.
 */
final class BrokerPacketPublisher implements Consumer<PacketSummary>, AutoCloseable {
    private final KafkaProducer<String, PacketSummary> producer;
    private final int partitions;
    private long nextHeartbeat = Long.MIN_VALUE;
    private long sent;

    BrokerPacketPublisher(String bootstrapServers, int partitions) {
        this.partitions = partitions;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                Topics.PACKETS.key().serializer(), Topics.PACKETS.value().serializer());
    }

    @Override
    public void accept(PacketSummary p) {
        long t = p.timestampMillis();
        heartbeatsUpTo(t);
        producer.send(new ProducerRecord<>(Topics.PACKETS.name(), null, t, p.country(), p));
        sent++;
    }

    private void heartbeatsUpTo(long t) {
        if (nextHeartbeat == Long.MIN_VALUE) {
            nextHeartbeat = t;
        }
        while (nextHeartbeat <= t) {
            heartbeat(nextHeartbeat);
            nextHeartbeat += TopologyReplay.HEARTBEAT_MILLIS;
        }
    }

    /** Heartbeats to the end of a capture that ends at {@code endMillis}, and one that closes its last window. */
    void finish(long endMillis, long windowMillis, long graceMillis) {
        long close = Math.floorDiv(endMillis - 1, windowMillis) * windowMillis + windowMillis + graceMillis;
        heartbeatsUpTo(close - 1);
        heartbeat(close);
        flush();
    }

    void flush() {
        producer.flush();
    }

    long packetsSent() {
        return sent;
    }

    private void heartbeat(long time) {
        for (int partition = 0; partition < partitions; partition++) {
            producer.send(Heartbeats.record(Topics.PACKETS.name(), partition, time, "quality"));
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
