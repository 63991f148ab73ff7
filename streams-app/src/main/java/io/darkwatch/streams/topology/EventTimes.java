package io.darkwatch.streams.topology;

import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.packet.PacketSummary;

/**
 * The event time of a packets-topic record, as the whole topology uses it: the newest capture time
 * in the block that is not implausibly far ahead of the record's arrival.
 *
 * <p>Why a bound: the packets topic uses LogAppendTime, so a record's timestamp is when the broker
 * received it, and no packet can have been captured much later than that. A capture time further
 * ahead than {@code packets.max-ahead} comes from a wrong sensor clock or a corrupt capture; taken
 * as event time it would move stream time ahead, close every open window with zeros and make every
 * later packet late. Such packets are dropped (counted as invalid, reason {@code future}). The bound
 * depends only on the record, never on the clock of the instance that reads it, so a task that
 * rebuilds its windows from the topic ({@link SignalAggregator}) drops exactly the same packets.
 *
 * <p>The record's timestamp type is not checked: Kafka Streams hands the timestamp extractor every
 * record as CreateTime whatever the topic says. On a CreateTime topic (one darkwatch did not create)
 * the timestamp is what the producer set; darkwatch's producer sets the block's newest capture time,
 * so there the bound drops nothing.
 */
final class EventTimes {
    /** No packet time is allowed: the record is dropped. */
    static final long NONE = -1;

    private EventTimes() {
    }

    /** The latest capture time a packet of this record may have. */
    static long latestAllowed(long recordTimestamp, long maxAheadMillis) {
        if (recordTimestamp < 0) {
            return Long.MAX_VALUE;
        }
        return recordTimestamp > Long.MAX_VALUE - maxAheadMillis ? Long.MAX_VALUE : recordTimestamp + maxAheadMillis;
    }

    /** The newest capture time in the block not after {@code latestAllowed}; {@link #NONE} when there is none or it is negative. */
    static long eventTime(PacketBlock block, long latestAllowed) {
        long newest = block.newestTimestampMillis();
        if (newest > latestAllowed) {
            newest = Long.MIN_VALUE;
            for (PacketSummary p : block.packets()) {
                long t = p.timestampMillis();
                if (t <= latestAllowed && t > newest) {
                    newest = t;
                }
            }
        }
        return newest < 0 ? NONE : newest;
    }
}
