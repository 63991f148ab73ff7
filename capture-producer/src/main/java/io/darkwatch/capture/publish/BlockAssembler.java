package io.darkwatch.capture.publish;

import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.packet.PacketSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Gathers packet summaries into one open block per source country and closes a block (hands it to
 * the given consumer) when it is full, when its oldest packet is more than the event-time span older
 * than the newest packet seen, or, on {@link #closeLingering}, when it has been open longer than the
 * linger in wall time. Pure logic, no Kafka and no clock of its own (callers pass the time), so it is
 * tested on its own. Not thread-safe: the publisher guards it.
 *
 * <p>The span check runs only when the newest packet moves past the oldest open packet by more than
 * the span (one comparison per packet), so 250 open countries cost nothing per packet.
 */
final class BlockAssembler {
    private static final class OpenBlock {
        final String country;
        final String sensorId;
        final ArrayList<PacketSummary> packets;
        final long openedAtMillis;
        long oldestNanos;

        OpenBlock(PacketSummary first, int capacity, long nowMillis) {
            this.country = first.country();
            this.sensorId = first.sensorId();
            this.packets = new ArrayList<>(Math.min(capacity, 1024));
            this.openedAtMillis = nowMillis;
            this.oldestNanos = first.timestampNanos();
        }
    }

    private final int maxPackets;
    private final long maxSpanNanos;
    private final long lingerMillis;
    private final LongSupplier wallMillis;
    private final Map<String, OpenBlock> open = new HashMap<>();
    private boolean anyPacket;
    private long newestNanos = Long.MIN_VALUE;
    /** The oldest packet in any open block (Long.MAX_VALUE when none is open). */
    private long oldestOpenNanos = Long.MAX_VALUE;
    private int openPackets;

    /** @param wallMillis wall time in ms, read when a block opens (for the linger) */
    BlockAssembler(BlockSettings settings, LongSupplier wallMillis) {
        Objects.requireNonNull(settings, "settings");
        this.wallMillis = Objects.requireNonNull(wallMillis, "wallMillis");
        this.maxPackets = settings.maxPackets();
        this.maxSpanNanos = settings.maxEventSpan().toNanos();
        this.lingerMillis = settings.linger().toMillis();
    }

    /** Adds one packet; closes its block if full and any block that has become too old in event time. */
    void add(PacketSummary packet, Consumer<PacketBlock> closed) {
        long ts = packet.timestampNanos();
        if (!anyPacket || ts > newestNanos) {
            newestNanos = ts;
            anyPacket = true;
        }
        OpenBlock block = open.get(packet.country());
        if (block != null && !block.sensorId.equals(packet.sensorId())) {
            // A block holds one sensor's packets; a publisher normally sees only one.
            close(block, closed);
            block = null;
        }
        if (block == null) {
            block = new OpenBlock(packet, maxPackets, wallMillis.getAsLong());
            open.put(packet.country(), block);
        }
        block.packets.add(packet);
        openPackets++;
        if (ts < block.oldestNanos) {
            block.oldestNanos = ts;
        }
        if (ts < oldestOpenNanos) {
            oldestOpenNanos = ts;
        }
        if (block.packets.size() >= maxPackets) {
            close(block, closed);
        }
        if (newestNanos - oldestOpenNanos > maxSpanNanos) {
            closeTooOld(closed);
        }
    }

    private void closeTooOld(Consumer<PacketBlock> closed) {
        long limit = newestNanos - maxSpanNanos;
        long oldest = Long.MAX_VALUE;
        for (Iterator<OpenBlock> it = open.values().iterator(); it.hasNext(); ) {
            OpenBlock b = it.next();
            if (b.oldestNanos < limit) {
                it.remove();
                emit(b, closed);
            } else {
                oldest = Math.min(oldest, b.oldestNanos);
            }
        }
        oldestOpenNanos = oldest;
    }

    /** Closes every block open for at least the linger (wall time). */
    void closeLingering(Consumer<PacketBlock> closed) {
        if (open.isEmpty()) {
            return;
        }
        long nowMillis = wallMillis.getAsLong();
        long oldest = Long.MAX_VALUE;
        for (Iterator<OpenBlock> it = open.values().iterator(); it.hasNext(); ) {
            OpenBlock b = it.next();
            if (nowMillis - b.openedAtMillis >= lingerMillis) {
                it.remove();
                emit(b, closed);
            } else {
                oldest = Math.min(oldest, b.oldestNanos);
            }
        }
        oldestOpenNanos = oldest;
    }

    /** Closes every open block (before a heartbeat, a flush, the end). */
    void closeAll(Consumer<PacketBlock> closed) {
        List<OpenBlock> all = new ArrayList<>(open.values());
        open.clear();
        oldestOpenNanos = Long.MAX_VALUE;
        for (OpenBlock b : all) {
            emit(b, closed);
        }
    }

    private void close(OpenBlock block, Consumer<PacketBlock> closed) {
        open.remove(block.country);
        emit(block, closed);
        if (block.oldestNanos == oldestOpenNanos) {
            long oldest = Long.MAX_VALUE;
            for (OpenBlock b : open.values()) {
                oldest = Math.min(oldest, b.oldestNanos);
            }
            oldestOpenNanos = oldest;
        }
    }

    private void emit(OpenBlock block, Consumer<PacketBlock> closed) {
        openPackets -= block.packets.size();
        closed.accept(new PacketBlock(block.country, block.sensorId, block.packets));
    }

    /** Packets in open blocks. */
    int openPackets() {
        return openPackets;
    }

    boolean isEmpty() {
        return open.isEmpty();
    }
}
