package io.darkwatch.capture.publish;

import io.darkwatch.common.packet.PacketBlock;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The bounded queue between the thread that assembles blocks (reading or capturing) and the thread
 * that sends them. The bound counts packets in waiting blocks, not blocks, so memory is bounded
 * whatever the block size. Heartbeats and control items are not counted and never dropped: they are
 * tiny, and losing a heartbeat would stall the topology's stream time.
 *
 * <p>One FIFO carries blocks and heartbeats, so the sender sends them in the order they were made:
 * a heartbeat never overtakes the blocks closed before it.
 */
final class BlockHandoff {
    /** What the sending thread is given. */
    sealed interface Item permits BlockItem, HeartbeatItem, Marker, Stop {
    }

    record BlockItem(PacketBlock block) implements Item {
    }

    /** Heartbeats to every partition at this event time. */
    record HeartbeatItem(long eventTimeMillis) implements Item {
    }

    /** Counted down when the sender has handed everything before it to the producer. */
    record Marker(CountDownLatch done) implements Item {
    }

    /** The sender thread ends. */
    record Stop() implements Item {
    }

    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final Semaphore room;
    private final int capacity;
    private final BackpressurePolicy policy;

    BlockHandoff(HandoffSettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.capacity = settings.capacityPackets();
        this.room = new Semaphore(capacity);
        this.policy = settings.policy();
    }

    /**
     * Queues a block, waiting for room ({@link BackpressurePolicy#BLOCK}) or not
     * ({@link BackpressurePolicy#DROP}).
     *
     * @return false when the block was not queued (dropped)
     * @throws InterruptedException when interrupted while waiting for room
     */
    boolean offer(PacketBlock block) throws InterruptedException {
        int n = block.size();
        if (policy == BackpressurePolicy.BLOCK) {
            room.acquire(n);
        } else if (!room.tryAcquire(n)) {
            return false;
        }
        queue.add(new BlockItem(block));
        return true;
    }

    /** Queues a heartbeat or control item; never waits, never drops. */
    void put(Item item) {
        queue.add(item);
    }

    /** The next item, or null after {@code timeoutMillis} without one. */
    Item poll(long timeoutMillis) throws InterruptedException {
        return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Called by the sender once a block has been handed to the producer: its packets' room is free again. */
    void sent(BlockItem item) {
        room.release(item.block().size());
    }

    /** Packets waiting in queued blocks. */
    int backlogPackets() {
        return capacity - room.availablePermits();
    }
}
