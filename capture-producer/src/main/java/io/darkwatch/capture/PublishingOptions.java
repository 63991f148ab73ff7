package io.darkwatch.capture;

import io.darkwatch.capture.geo.CachingGeoLookup;
import io.darkwatch.capture.geo.MeteredGeoLookup;
import io.darkwatch.capture.geo.ReloadingGeoLookup;
import io.darkwatch.capture.publish.BackpressurePolicy;
import io.darkwatch.capture.publish.BlockSettings;
import io.darkwatch.capture.publish.HandoffSettings;
import io.darkwatch.capture.publish.PublisherSettings;
import io.darkwatch.common.kafka.KafkaClientProperties;
import io.micrometer.core.instrument.MeterRegistry;
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

    @Option(names = "--block-size", defaultValue = "" + BlockSettings.DEFAULT_MAX_PACKETS, paramLabel = "N",
            description = "packets per Kafka record: a country's open block is sent when it holds N packets "
                    + "(default: ${DEFAULT-VALUE})")
    private int blockSize;

    @Option(names = "--block-span", defaultValue = "1s", paramLabel = "DURATION",
            description = "a block is sent once its oldest packet is this much event time older than the newest "
                    + "packet seen: bounds how late packets reach the streams app; keep it well under the window "
                    + "grace (default: ${DEFAULT-VALUE})")
    private Duration blockSpan;

    @Option(names = "--block-linger", defaultValue = "200ms", paramLabel = "DURATION",
            description = "a block is sent once it has been open this long in wall time, so a quiet link never "
                    + "holds packets back (default: ${DEFAULT-VALUE})")
    private Duration blockLinger;

    @Option(names = "--backlog-packets", defaultValue = "" + HandoffSettings.DEFAULT_CAPACITY_PACKETS,
            paramLabel = "N",
            description = "packets that may wait for Kafka between the reading and the sending thread, beyond the "
                    + "producer's own buffer.memory (default: ${DEFAULT-VALUE})")
    private int backlogPackets;

    @Option(names = "--on-backlog-full", paramLabel = "block|drop",
            description = "when the backlog is full (Kafka slow or unreachable): block = wait, lose nothing; drop = "
                    + "drop and count (darkwatch.capture.dropped{cause=publish_backlog}). Default: block for "
                    + "replay, drop for capture")
    private BackpressurePolicy onBacklogFull;

    @Option(names = "--delivery-timeout", defaultValue = "5m", paramLabel = "DURATION",
            description = "how long a record may wait for the broker (delivery.timeout.ms, max.block.ms): the "
                    + "longest broker outage ridden out without loss (default: ${DEFAULT-VALUE})")
    private Duration deliveryTimeout;

    /**
     * @param defaultPolicy the policy when {@code --on-backlog-full} is not given
     * @throws IllegalArgumentException listing every problem with these values
     */
    PublisherSettings publisherSettings(BackpressurePolicy defaultPolicy) {
        java.util.List<String> problems = new java.util.ArrayList<>(
                BlockSettings.problems(blockSize, blockSpan, blockLinger));
        if (backlogPackets < 1) {
            problems.add("--backlog-packets must be positive, not " + backlogPackets);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid publishing options: " + String.join("; ", problems));
        }
        kafka = KafkaClientProperties.load(kafkaConfig, System.getenv());
        Map<String, String> producer = new TreeMap<>(kafka.forClient(ProducerConfig.configNames()));
        producer.putAll(producerProperties);
        return new PublisherSettings(bootstrapServers, sensorId, heartbeatInterval, producer,
                new BlockSettings(blockSize, blockSpan, blockLinger),
                new HandoffSettings(backlogPackets, onBacklogFull == null ? defaultPolicy : onBacklogFull),
                deliveryTimeout);
    }

    /** The Kafka client properties loaded by {@link #publisherSettings}, if any, secrets redacted: for the log. */
    Optional<String> kafkaDescription() {
        return kafka.isEmpty() ? Optional.empty() : Optional.of(kafka.describe());
    }

    @Option(names = "--geoip-check-interval", defaultValue = "1m", paramLabel = "DURATION",
            description = "how often the GeoIP files are checked for a new version, which is loaded without pausing "
                    + "(replace them atomically, as geoipupdate does) (default: ${DEFAULT-VALUE})")
    private Duration geoipCheckInterval;

    /**
     * Opens the country (and ASN) databases, the bundled one when no --geoip is given, reloaded when
     * the files change; each generation behind its own per-network cache and the lookup metrics.
     */
    ReloadingGeoLookup openGeo(MeterRegistry registry) {
        return ReloadingGeoLookup.open(Optional.ofNullable(geoip), Optional.ofNullable(asnDb), geoipCheckInterval,
                db -> new CachingGeoLookup(new MeteredGeoLookup(db, registry), CaptureProducerMain.GEO_CACHE_SLOTS),
                registry);
    }

    Path geoip() {
        return geoip;
    }

    String sensorId() {
        return sensorId;
    }
}
