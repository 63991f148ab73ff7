package io.darkwatch.streams.topology;

import io.darkwatch.common.packet.PacketBlock;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads back the packet blocks of one partition of the packets topic between two offsets: how a
 * task rebuilds its open windows ({@link SignalAggregator}) from the input itself.
 */
interface InputReader extends AutoCloseable {

    /** Receives the blocks read, in offset order. */
    @FunctionalInterface
    interface BlockVisitor {
        /** @param timestamp the record's timestamp (LogAppendTime on darkwatch's packets topic) */
        void block(long offset, long timestamp, PacketBlock block);
    }

    /**
     * What a read found.
     *
     * @param blocks      blocks handed to the visitor
     * @param skipped     records that were not blocks: heartbeats and records that cannot be decoded
     *                    (the stream thread skipped the latter too)
     * @param missing     offsets in the range that the topic no longer holds (deleted by retention)
     */
    record Result(long blocks, long skipped, long missing) {
    }

    /** Builds a reader from the streams application's configuration ({@code context.appConfigs()}). */
    @FunctionalInterface
    interface Factory {
        InputReader create(Map<String, Object> appConfigs, String clientId);
    }

    /** Hands every block at offsets {@code [from, until)} of {@code partition} to {@code visitor}. */
    Result read(TopicPartition partition, long from, long until, BlockVisitor visitor);

    @Override
    void close();
}
