package io.darkwatch.streams.topology;

import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * {@link InputReader} over a plain consumer with the streams application's own client settings (its
 * restore consumer's: bootstrap servers, security), assigned to one partition, outside any group.
 *
 * <p>It reads committed records only: under exactly-once the offsets up to the task's committed
 * position are all committed, and the same records must be read that the stream thread counted.
 */
final class KafkaInputReader implements InputReader {
    /**
     * How long a read may go without receiving a record before the task fails: a healthy broker is never
     * that slow, however long the range (a large telescope's open windows hold hundreds of millions of
     * packets), and a dead one must not hang the task.
     */
    static final Duration STALL_TIMEOUT = Duration.ofMinutes(2);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<PacketBlock> blocks = Topics.PACKET_BLOCKS.value().deserializer();

    KafkaInputReader(Map<String, Object> appConfigs, String clientId) {
        Map<String, Object> config = new HashMap<>(new StreamsConfig(appConfigs).getRestoreConsumerConfigs(clientId));
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Result read(TopicPartition partition, long from, long until, BlockVisitor visitor) {
        consumer.assign(List.of(partition));
        long first = consumer.beginningOffsets(List.of(partition)).get(partition);
        long missing = Math.max(0, Math.min(first, until) - from);
        consumer.seek(partition, Math.max(from, first));
        long blockCount = 0;
        long skipped = 0;
        long deadline = System.nanoTime() + STALL_TIMEOUT.toNanos();
        while (consumer.position(partition) < until) {
            if (System.nanoTime() > deadline) {
                throw new StreamsException("rebuilding the open windows of " + partition + " from offset " + from
                        + ": no record for " + STALL_TIMEOUT + " at offset " + consumer.position(partition)
                        + " of " + until);
            }
            List<ConsumerRecord<byte[], byte[]>> records = consumer.poll(Duration.ofMillis(200)).records(partition);
            if (!records.isEmpty()) {
                deadline = System.nanoTime() + STALL_TIMEOUT.toNanos();
            }
            for (ConsumerRecord<byte[], byte[]> r : records) {
                if (r.offset() >= until) {
                    break;
                }
                PacketBlock block = decode(partition, r.value());
                if (block == null) {
                    skipped++;
                } else {
                    visitor.block(r.offset(), r.timestamp(), block);
                    blockCount++;
                }
            }
        }
        return new Result(blockCount, skipped, missing);
    }

    /** The block, or null for a heartbeat or a record the stream thread's deserializer refused too. */
    private PacketBlock decode(TopicPartition partition, byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return blocks.deserialize(partition.topic(), value);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
