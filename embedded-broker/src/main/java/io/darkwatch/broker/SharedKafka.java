package io.darkwatch.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka broker per JVM for integration tests: Testcontainers' Kafka when a Docker engine is
 * available and Testcontainers is on the classpath, otherwise an {@link EmbeddedKafkaBroker}.
 * Started on first use, stopped when the JVM exits. Sharing one broker keeps a test run short;
 * tests isolate themselves with unique topic names, group ids and application ids where needed.
 */
public final class SharedKafka {
    private static final Logger LOG = LoggerFactory.getLogger(SharedKafka.class);
    private static String bootstrapServers;
    private static EmbeddedKafkaBroker embedded;

    private SharedKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = DockerKafka.isAvailable() ? DockerKafka.start() : startEmbedded();
        }
        return bootstrapServers;
    }

    /**
     * The embedded broker, for tests that stop and restart it; empty when the shared broker runs in
     * Docker (such tests then restart the container instead, or are skipped with a reason).
     */
    public static synchronized java.util.Optional<EmbeddedKafkaBroker> embeddedBroker() {
        bootstrapServers();
        return java.util.Optional.ofNullable(embedded);
    }

    private static String startEmbedded() {
        embedded = new EmbeddedKafkaBroker().start();
        Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "shared-kafka-shutdown"));
        LOG.info("shared test broker: embedded KRaft at {}", embedded.bootstrapServers());
        return embedded.bootstrapServers();
    }
}
