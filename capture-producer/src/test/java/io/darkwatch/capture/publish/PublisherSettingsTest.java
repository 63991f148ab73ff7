package io.darkwatch.capture.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublisherSettingsTest {
    @Test
    void shouldReportEveryProblemAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PublisherSettings(" ", "", Duration.ZERO, Map.of()));

        assertEquals("invalid publisher settings: bootstrap servers are missing; sensor id is missing; heartbeat"
                + " interval must be positive, not PT0S", e.getMessage());
    }

    @Test
    void shouldUseIdempotentBatchingDefaultsWithoutCompression() {
        Map<String, Object> config = PacketPublisher.producerConfig(PublisherSettings.of("localhost:9092", "s1"));

        assertEquals("localhost:9092", config.get("bootstrap.servers"));
        assertEquals(true, config.get("enable.idempotence"));
        assertEquals("all", config.get("acks"));
        assertEquals("none", config.get("compression.type"), "the block format is compact already");
        assertEquals(20, config.get("linger.ms"));
        assertEquals(262144, config.get("batch.size"));
        assertEquals("darkwatch-capture-s1", config.get("client.id"));
        assertEquals(300_000, config.get("delivery.timeout.ms"), "rides out a 5 minute broker outage");
        assertEquals(300_000, config.get("max.block.ms"));
        assertEquals(Duration.ofSeconds(10), PublisherSettings.of("x:1", "s1").heartbeatInterval());
    }

    @Test
    void shouldLetOverridesReplaceTheDefaults() {
        PublisherSettings settings = new PublisherSettings("k:9092", "s1", Duration.ofSeconds(5),
                Map.of("linger.ms", "100", "batch.size", "1048576", "compression.type", "zstd"));

        Map<String, Object> config = PacketPublisher.producerConfig(settings);

        assertEquals("100", config.get("linger.ms"));
        assertEquals("1048576", config.get("batch.size"));
        assertEquals("zstd", config.get("compression.type"));
        assertEquals("all", config.get("acks"));
    }

    @Test
    void shouldRefuseAHandoffSmallerThanOneBlock() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PublisherSettings.of("k:9092", "s1").withHandoff(new HandoffSettings(100, BackpressurePolicy.DROP)));

        assertEquals("invalid publisher settings: the hand-off (100 packets) must hold at least one block ("
                + BlockSettings.DEFAULT_MAX_PACKETS + " packets)", e.getMessage());
    }
}
