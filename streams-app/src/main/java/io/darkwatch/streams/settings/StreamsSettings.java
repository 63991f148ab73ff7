package io.darkwatch.streams.settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything the streams application needs to start.
 *
 * @param bootstrapServers  Kafka bootstrap servers, {@code host:port[,host:port…]}
 * @param applicationId     Kafka Streams application id: consumer group, prefix of internal topics
 * @param stateDir          where the state stores live (RocksDB)
 * @param replicationFactor replication factor of the internal (changelog) topics; -1 takes the
 *                          broker's default, 1 is right for a single-node broker
 * @param kafkaProperties   further Kafka Streams / client properties, passed through as given
 *                          (e.g. {@code num.stream.threads}); they may override darkwatch's
 *                          defaults but not the typed settings above
 * @param detector          the detector settings
 */
public record StreamsSettings(
        String bootstrapServers,
        String applicationId,
        Path stateDir,
        int replicationFactor,
        Map<String, String> kafkaProperties,
        DetectorSettings detector) {

    public static final String DEFAULT_APPLICATION_ID = "darkwatch-streams";
    public static final int BROKER_DEFAULT_REPLICATION = -1;

    /** Kafka properties that have a typed setting here; giving them twice would be ambiguous. */
    private static final Set<String> TYPED_PROPERTIES = Set.of("bootstrap.servers", "application.id", "state.dir",
            "replication.factor");
    // Kafka's own rule for application ids and topic names (they prefix internal topic names).
    private static final Pattern APPLICATION_ID = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

    /** @throws InvalidSettingsException listing every problem */
    public StreamsSettings {
        kafkaProperties = kafkaProperties == null ? Map.of() : Map.copyOf(new TreeMap<>(kafkaProperties));
        List<String> problems = new ArrayList<>();
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            problems.add("bootstrap servers are missing (host:port)");
        }
        if (applicationId == null || !APPLICATION_ID.matcher(applicationId).matches()) {
            problems.add("application id '" + applicationId + "' must be 1-200 of a-z A-Z 0-9 . _ -");
        }
        if (stateDir == null) {
            problems.add("state dir is missing");
        }
        if (replicationFactor != BROKER_DEFAULT_REPLICATION && (replicationFactor < 1 || replicationFactor > 32)) {
            problems.add("replication factor " + replicationFactor + " must be -1 (broker default) or 1-32");
        }
        for (String key : kafkaProperties.keySet()) {
            if (TYPED_PROPERTIES.contains(key)) {
                problems.add("Kafka property '" + key + "' has its own setting; set it there, not as a property");
            }
        }
        if (detector == null) {
            problems.add("detector settings are missing");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }

    /** Kafka properties may hold credentials (TLS, SASL): their values are not shown. */
    @Override
    public String toString() {
        return "StreamsSettings[bootstrapServers=" + bootstrapServers + ", applicationId=" + applicationId
                + ", stateDir=" + stateDir + ", replicationFactor=" + replicationFactor + ", kafkaProperties="
                + io.darkwatch.common.kafka.SecretKeys.redacted(kafkaProperties) + ", detector=" + detector + "]";
    }

    /** Defaults for the rest: application id {@value #DEFAULT_APPLICATION_ID}, broker-default replication. */
    public static StreamsSettings of(String bootstrapServers, Path stateDir, DetectorSettings detector) {
        return new StreamsSettings(bootstrapServers, DEFAULT_APPLICATION_ID, stateDir, BROKER_DEFAULT_REPLICATION,
                Map.of(), detector);
    }

    public StreamsSettings withApplicationId(String id) {
        return new StreamsSettings(bootstrapServers, id, stateDir, replicationFactor, kafkaProperties, detector);
    }

    public StreamsSettings withReplicationFactor(int factor) {
        return new StreamsSettings(bootstrapServers, applicationId, stateDir, factor, kafkaProperties, detector);
    }

    public StreamsSettings withKafkaProperties(Map<String, String> properties) {
        return new StreamsSettings(bootstrapServers, applicationId, stateDir, replicationFactor, properties,
                detector);
    }

    public StreamsSettings withDetector(DetectorSettings settings) {
        return new StreamsSettings(bootstrapServers, applicationId, stateDir, replicationFactor, kafkaProperties,
                Objects.requireNonNull(settings, "settings"));
    }
}
