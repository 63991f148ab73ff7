package io.darkwatch.capture.publish;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the packet publisher talks to Kafka.
 *
 * @param bootstrapServers  Kafka bootstrap servers, host:port[,host:port…]
 * @param sensorId          this sensor's id, written into heartbeat headers
 * @param heartbeatInterval event time between heartbeats (see {@code Topics.PACKETS})
 * @param producerOverrides producer properties that replace the defaults (e.g. {@code linger.ms}),
 *                          passed through as they are
 * @param blocks            when a country's open block of packets is sent
 * @param handoff           the bound between the reading and the sending thread, and what happens when
 *                          it is full
 * @param deliveryTimeout   how long a record may wait for the broker, in the producer's buffer and in
 *                          retries ({@code delivery.timeout.ms}, and {@code max.block.ms} for a full
 *                          buffer): the longest broker outage the publisher rides out without loss
 */
public record PublisherSettings(String bootstrapServers, String sensorId, Duration heartbeatInterval,
        Map<String, String> producerOverrides, BlockSettings blocks, HandoffSettings handoff,
        Duration deliveryTimeout) {

    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofMinutes(5);

    /** Checks every field and reports all problems at once. */
    public PublisherSettings {
        List<String> problems = new ArrayList<>();
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            problems.add("bootstrap servers are missing");
        }
        if (sensorId == null || sensorId.isBlank()) {
            problems.add("sensor id is missing");
        } else if (sensorId.getBytes(StandardCharsets.UTF_8).length > 255) {
            problems.add("sensor id is longer than 255 bytes");
        }
        if (heartbeatInterval == null || heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            problems.add("heartbeat interval must be positive, not " + heartbeatInterval);
        }
        if (producerOverrides == null) {
            producerOverrides = Map.of();
        }
        for (Map.Entry<String, String> e : producerOverrides.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
                problems.add("producer property '" + e.getKey() + "' has no name or no value");
            }
        }
        if (blocks == null) {
            problems.add("block settings are missing");
        }
        if (handoff == null) {
            problems.add("hand-off settings are missing");
        }
        if (blocks != null && handoff != null && handoff.capacityPackets() < blocks.maxPackets()) {
            problems.add("the hand-off (" + handoff.capacityPackets() + " packets) must hold at least one block ("
                    + blocks.maxPackets() + " packets)");
        }
        if (deliveryTimeout == null || deliveryTimeout.toMillis() < 1_000 || deliveryTimeout.toMillis() > Integer.MAX_VALUE) {
            problems.add("delivery timeout must be 1 s..24 days, not " + deliveryTimeout);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid publisher settings: " + String.join("; ", problems));
        }
        producerOverrides = Map.copyOf(producerOverrides);
    }

    /** With the default blocks, the replay hand-off (block when full) and the default delivery timeout. */
    public PublisherSettings(String bootstrapServers, String sensorId, Duration heartbeatInterval,
            Map<String, String> producerOverrides) {
        this(bootstrapServers, sensorId, heartbeatInterval, producerOverrides, BlockSettings.DEFAULTS,
                HandoffSettings.REPLAY, DEFAULT_DELIVERY_TIMEOUT);
    }

    /** Producer properties may hold credentials (TLS, SASL): their values are not shown. */
    @Override
    public String toString() {
        return "PublisherSettings[bootstrapServers=" + bootstrapServers + ", sensorId=" + sensorId
                + ", heartbeatInterval=" + heartbeatInterval + ", producerOverrides="
                + io.darkwatch.common.kafka.SecretKeys.redacted(producerOverrides) + "]";
    }

    public static PublisherSettings of(String bootstrapServers, String sensorId) {
        return new PublisherSettings(bootstrapServers, sensorId, DEFAULT_HEARTBEAT_INTERVAL, Map.of());
    }

    public PublisherSettings withBlocks(BlockSettings blocks) {
        return new PublisherSettings(bootstrapServers, sensorId, heartbeatInterval, producerOverrides, blocks, handoff,
                deliveryTimeout);
    }

    public PublisherSettings withHandoff(HandoffSettings handoff) {
        return new PublisherSettings(bootstrapServers, sensorId, heartbeatInterval, producerOverrides, blocks, handoff,
                deliveryTimeout);
    }

    public PublisherSettings withDeliveryTimeout(Duration deliveryTimeout) {
        return new PublisherSettings(bootstrapServers, sensorId, heartbeatInterval, producerOverrides, blocks, handoff,
                deliveryTimeout);
    }
}
