package io.darkwatch.capture;

import io.darkwatch.capture.geo.MaxMindGeoLookup;
import io.darkwatch.capture.publish.PublisherSettings;
import io.darkwatch.common.kafka.KafkaClientProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Option;

/**
 * The options every publishing command (replay, capture) takes, as a picocli mixin: where Kafka
 * is, who the sensor is, how often heartbeats go, and which GeoIP databases enrich the packets.
 */
final class PublishingOptions {
    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,…]",
            description = "Kafka bootstrap servers")
    private String bootstrapServers;

    @Option(names = "--geoip", paramLabel = "FILE",
            description = "country database (GeoIP2/GeoLite2 Country or City .mmdb, or one with country_code "
                    + "records); default: the bundled NRO-based database")
    private Path geoip;

    @Option(names = "--asn-db", paramLabel = "FILE", description = "ASN database (GeoLite2-ASN .mmdb)")
    private Path asnDb;

    @Option(names = "--sensor-id", defaultValue = "sensor", description = "this sensor's id (default: ${DEFAULT-VALUE})")
    private String sensorId;

    @Option(names = "--heartbeat-interval", defaultValue = "10s", paramLabel = "DURATION",
            description = "event time between heartbeats to every partition (default: ${DEFAULT-VALUE})")
    private Duration heartbeatInterval;

    @Option(names = "--producer-property", paramLabel = "KEY=VALUE",
            description = "Kafka producer property overriding darkwatch's default (repeatable)")
    private Map<String, String> producerProperties = new LinkedHashMap<>();

    @Option(names = KafkaClientProperties.CONFIG_FILE_OPTION, paramLabel = "FILE",
            description = "Kafka client properties file (TLS, SASL, ...; default: $"
                    + KafkaClientProperties.CONFIG_FILE_ENV + "); " + KafkaClientProperties.ENV_PREFIX
                    + "* variables override it, --producer-property overrides both")
    private Path kafkaConfig;

    private KafkaClientProperties kafka = KafkaClientProperties.none();

    /** @throws IllegalArgumentException listing every problem with these values */
    PublisherSettings publisherSettings() {
        kafka = KafkaClientProperties.load(kafkaConfig, System.getenv());
        Map<String, String> producer = new TreeMap<>(kafka.forClient(ProducerConfig.configNames()));
        producer.putAll(producerProperties);
        return new PublisherSettings(bootstrapServers, sensorId, heartbeatInterval, producer);
    }

    /** The Kafka client properties loaded by {@link #publisherSettings()}, if any, secrets redacted: for the log. */
    Optional<String> kafkaDescription() {
        return kafka.isEmpty() ? Optional.empty() : Optional.of(kafka.describe());
    }

    /** Opens the country (and ASN) databases; the bundled one when no --geoip is given. */
    MaxMindGeoLookup openGeo() {
        return MaxMindGeoLookup.open(Optional.ofNullable(geoip), Optional.ofNullable(asnDb));
    }

    Path geoip() {
        return geoip;
    }

    String sensorId() {
        return sensorId;
    }
}
