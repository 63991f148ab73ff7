package io.darkwatch.capture.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.packet.PacketSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BlockHandoffTest {
    private static PacketBlock block(int packets) {
        List<PacketSummary> list = new ArrayList<>();
        for (int i = 0; i < packets; i++) {
            list.add(new PacketSummary(1_000_000_000L * i, "s1", IpAddress.parse("198.51.100.7"),
                    IpAddress.parse("192.0.2.1"), IpProtocol.UDP, 53, 1000 + i, 0, -1, -1, 64, 80, "DE", 0, 0));
        }
        return new PacketBlock("DE", "s1", list);
    }

    @Test
    void shouldDropABlockThatDoesNotFitUnderTheDropPolicy() throws Exception {
        // Given room for 4 packets, dropping when full
        BlockHandoff handoff = new BlockHandoff(new HandoffSettings(4, BackpressurePolicy.DROP));

        // When blocks of 3 and then 2 packets are offered
        boolean first = handoff.offer(block(3));
        boolean second = handoff.offer(block(2));

        // Then the first waits for the sender, the second is refused at once
        assertTrue(first);
        assertFalse(second);
        assertEquals(3, handoff.backlogPackets());
    }

    @Test
    void shouldMakeTheReaderWaitForRoomUnderTheBlockPolicyUntilTheSenderHasSentABlock() throws Exception {
        // Given room for 4 packets, waiting when full, and a block of 3 waiting
        BlockHandoff handoff = new BlockHandoff(new HandoffSettings(4, BackpressurePolicy.BLOCK));
        assertTrue(handoff.offer(block(3)));

        // When another block of 3 is offered
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
            try {
                return handoff.offer(block(3));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);

        // Then it waits until the sender has taken and sent the first
        assertFalse(second.isDone(), "no room yet");
        BlockHandoff.Item item = handoff.poll(1000);
        assertFalse(second.isDone(), "taken but not yet handed to the producer: its room is still used");
        handoff.sent(assertInstanceOf(BlockHandoff.BlockItem.class, item));
        assertTrue(second.get(10, TimeUnit.SECONDS));
        assertEquals(3, handoff.backlogPackets());
    }

    @Test
    void shouldKeepHeartbeatsBehindTheBlocksQueuedBeforeThemAndNeverCountThem() throws Exception {
        BlockHandoff handoff = new BlockHandoff(new HandoffSettings(3, BackpressurePolicy.DROP));
        handoff.offer(block(3));
        handoff.put(new BlockHandoff.HeartbeatItem(42));

        assertInstanceOf(BlockHandoff.BlockItem.class, handoff.poll(100));
        assertEquals(new BlockHandoff.HeartbeatItem(42), handoff.poll(100));
        assertEquals(3, handoff.backlogPackets(), "a full hand-off still takes heartbeats");
    }
}
