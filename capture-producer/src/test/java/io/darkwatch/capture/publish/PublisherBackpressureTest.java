package io.darkwatch.capture.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The publisher against a broker address where nothing listens (no broker needed: the point is
 * that there is none): under the drop policy the reading thread never waits, and what does not fit
 * is counted.
 */
class PublisherBackpressureTest {
    @Test
    void shouldDropAndCountWholeBlocksWhenKafkaIsUnreachableUnderTheDropPolicy() throws Exception {
        // Given a publisher to a closed port, blocks of 100, room for 200 packets, dropping when full
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        PublisherSettings settings = new PublisherSettings("127.0.0.1:" + closedPort, "drop-test",
                Duration.ofMinutes(1), Map.of())
                .withBlocks(new BlockSettings(100, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .withHandoff(new HandoffSettings(200, BackpressurePolicy.DROP))
                .withDeliveryTimeout(Duration.ofSeconds(1));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (PacketPublisher publisher = PacketPublisher.create(settings, registry)) {
            // When 10,000 packets are published at once (the sender is stuck waiting for metadata)
            for (int i = 0; i < 10_000; i++) {
                publisher.publish(new PacketSummary(1_700_000_000_000_000_000L + i * 1000L, "drop-test",
                        IpAddress.parse("198.51.100.7"), IpAddress.parse("192.0.2.1"), IpProtocol.UDP, 53, 1000, 0,
                        -1, -1, 64, 80, "DE", 0, 0));
            }

            // Then the blocks that found no room are dropped and counted with their cause
            long dropped = publisher.dropped();
            assertTrue(dropped >= 9_000, "dropped " + dropped);
            assertEquals(0, dropped % 100, "whole blocks");
            assertEquals(dropped, (long) registry.get("darkwatch.capture.dropped").tag("cause", "publish_backlog")
                    .counter().count());
            // and the blocks that were accepted fail after the delivery timeout, which flush reports
            PublishException e = assertThrows(PublishException.class, publisher::flush);
            assertTrue(e.getMessage().contains("failed"), e.getMessage());
            assertTrue(registry.get("darkwatch.publish.errors").counter().count() >= 1);
        }
    }
}
