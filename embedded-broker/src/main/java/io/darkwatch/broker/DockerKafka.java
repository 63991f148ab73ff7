package io.darkwatch.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Testcontainers' Kafka (the apache/kafka image, KRaft), used by {@link SharedKafka} when Docker
 * is there. Kept in its own class so that Testcontainers is touched only after it is known to be
 * on the classpath.
 */
final class DockerKafka {
    private static final Logger LOG = LoggerFactory.getLogger(DockerKafka.class);
    static final String IMAGE = "apache/kafka:4.4.0";

    private DockerKafka() {
    }

    static boolean isAvailable() {
        if (Boolean.getBoolean("darkwatch.test.embedded-only")) {
            return false;
        }
        try {
            Class.forName("org.testcontainers.DockerClientFactory");
        } catch (ClassNotFoundException e) {
            return false;
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Docker not usable: {}", e.toString());
            return false;
        }
    }

    static String start() {
        var container = new org.testcontainers.kafka.KafkaContainer(IMAGE);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "shared-kafka-container-stop"));
        LOG.info("shared test broker: Testcontainers {} at {}", IMAGE, container.getBootstrapServers());
        return container.getBootstrapServers();
    }
}
