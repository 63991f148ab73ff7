package io.darkwatch.streams.topology;

import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.topic.Topics;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A packet block as read from the packets topic, with the bytes it was read from.
 *
 * <p>Why keep the bytes: the aggregator journals every block it counts ({@link SignalAggregator}),
 * and writing back the bytes it received costs nothing, where encoding the block again cost as much
 * as decoding it (TopologyThroughputBenchmark's profile).
 *
 * @param block   the decoded block
 * @param encoded its wire form (version 1 or 2); never modified
 */
record EncodedPacketBlock(PacketBlock block, byte[] encoded) {

    EncodedPacketBlock {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(encoded, "encoded");
    }

    /** The packets topic's values as blocks with their bytes; a null value (a heartbeat) stays null. */
    static Deserializer<EncodedPacketBlock> deserializer() {
        Deserializer<PacketBlock> blocks = Topics.PACKET_BLOCKS.value().deserializer();
        return (topic, data) -> {
            PacketBlock block = blocks.deserialize(topic, data);
            return block == null ? null : new EncodedPacketBlock(block, data);
        };
    }
}
