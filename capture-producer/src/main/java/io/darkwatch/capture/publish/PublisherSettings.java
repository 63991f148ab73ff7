package io.darkwatch.capture.publish;

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
 */
public record PublisherSettings(String bootstrapServers, String sensorId, Duration heartbeatInterval,
        Map<String, String> producerOverrides) {

    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);

    /** Checks every field and reports all problems at once. */
    public PublisherSettings {
        List<String> problems = new ArrayList<>();
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            problems.add("bootstrap servers are missing");
        }
        if (sensorId == null || sensorId.isBlank()) {
            problems.add("sensor id is missing");
        } else if (sensorId.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
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
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid publisher settings: " + String.join("; ", problems));
        }
        producerOverrides = Map.copyOf(producerOverrides);
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
}
