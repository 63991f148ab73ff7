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
    void shouldUseIdempotentLz4BatchingDefaults() {
        Map<String, Object> config = PacketPublisher.producerConfig(PublisherSettings.of("localhost:9092", "s1"));

        assertEquals("localhost:9092", config.get("bootstrap.servers"));
        assertEquals(true, config.get("enable.idempotence"));
        assertEquals("all", config.get("acks"));
        assertEquals("lz4", config.get("compression.type"));
        assertEquals(20, config.get("linger.ms"));
        assertEquals(262144, config.get("batch.size"));
        assertEquals("darkwatch-capture-s1", config.get("client.id"));
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
}
