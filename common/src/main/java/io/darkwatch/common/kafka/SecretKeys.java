package io.darkwatch.common.kafka;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Which Kafka client property names hold secrets, so their values are never printed.
 *
 * <p>Two sources: Kafka's own definitions (every client config of type {@code PASSWORD}, e.g.
 * {@code sasl.jaas.config}, {@code ssl.keystore.password}, {@code ssl.keystore.key}), also under a
 * prefix such as {@code producer.} or {@code main.consumer.}; and, for names Kafka does not define
 * (plugins, config providers, future versions), the words secrets are named with. Erring towards
 * hiding: a hidden non-secret costs a look at the file, a printed secret costs a rotation.
 */
public final class SecretKeys {
    private static final Set<String> KAFKA_PASSWORD_CONFIGS = kafkaPasswordConfigs();
    // Last name segment that holds key material or credentials, or a word that names one anywhere.
    private static final Pattern SECRET_LAST_SEGMENT = Pattern.compile("(?:^|\\.)(key|password|secret|token|"
            + "credentials?|passphrase)$");
    private static final Pattern SECRET_WORD = Pattern.compile("password|secret|jaas|credential|passphrase|"
            + "private|apikey|api\\.key|access\\.key");

    private SecretKeys() {
    }

    /** Whether the value of this Kafka client property must not be shown. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String config : KAFKA_PASSWORD_CONFIGS) {
            if (k.equals(config) || k.endsWith("." + config)) {
                return true;
            }
        }
        return SECRET_LAST_SEGMENT.matcher(k).find() || SECRET_WORD.matcher(k).find();
    }

    /**
     * A copy of these client properties fit for a log or a {@code toString()}: secret values replaced
     * by {@value KafkaClientProperties#REDACTED}, sorted by name.
     */
    public static java.util.SortedMap<String, Object> redacted(java.util.Map<String, ?> properties) {
        java.util.SortedMap<String, Object> copy = new java.util.TreeMap<>();
        properties.forEach((k, v) -> copy.put(k, isSecret(k) ? KafkaClientProperties.REDACTED : v));
        return copy;
    }

    private static Set<String> kafkaPasswordConfigs() {
        Set<String> names = new HashSet<>();
        for (ConfigDef def : new ConfigDef[] {ProducerConfig.configDef(), ConsumerConfig.configDef(),
                AdminClientConfig.configDef()}) {
            def.configKeys().forEach((name, key) -> {
                if (key.type == ConfigDef.Type.PASSWORD) {
                    names.add(name);
                }
            });
        }
        return Set.copyOf(names);
    }
}
