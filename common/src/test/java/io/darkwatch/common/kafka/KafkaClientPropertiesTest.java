package io.darkwatch.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientPropertiesTest {
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"darkwatch\" password=\"s3cr3t-jaas\";";

    @TempDir
    Path dir;

    @Test
    void shouldMapPrefixedEnvironmentVariablesToKafkaProperties() {
        // Given the security settings of a SASL_SSL cluster in the environment, beside unrelated variables
        Map<String, String> env = Map.of(
                "DARKWATCH_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "DARKWATCH_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "DARKWATCH_KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", "",
                "DARKWATCH_METRICS_PORT", "9401",
                "PATH", "/usr/bin");

        // When they are loaded
        KafkaClientProperties props = KafkaClientProperties.load(null, env);

        // Then each prefixed variable is one property, empty values included, and nothing else
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "ssl.endpoint.identification.algorithm", ""), props.asMap());
    }

    @Test
    void shouldWriteDoubleUnderscoreAsUnderscoreAndTripleAsDash() {
        assertEquals("ssl.truststore.location", KafkaClientProperties.propertyName("SSL_TRUSTSTORE_LOCATION"));
        assertEquals("plugin.my_setting", KafkaClientProperties.propertyName("PLUGIN_MY__SETTING"));
        assertEquals("plugin.my-setting.x", KafkaClientProperties.propertyName("PLUGIN_MY___SETTING_X"));
    }

    @Test
    void shouldLetTheEnvironmentOverrideTheFile() throws IOException {
        // Given a properties file and a variable for one of its keys
        Path file = Files.writeString(dir.resolve("client.properties"), """
                # a Strimzi-style client config
                security.protocol=SSL
                ssl.truststore.type=PKCS12
                """);

        // When both are loaded
        KafkaClientProperties props = KafkaClientProperties.load(file,
                Map.of("DARKWATCH_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"));

        // Then the environment wins and the file's other keys stay
        assertEquals(Map.of("security.protocol", "SASL_SSL", "ssl.truststore.type", "PKCS12"), props.asMap());
    }

    @Test
    void shouldTakeTheFileNamedByTheEnvironmentWhenNoOptionIsGiven() throws IOException {
        Path file = Files.writeString(dir.resolve("from-env.properties"), "sasl.mechanism=OAUTHBEARER\n");

        KafkaClientProperties props = KafkaClientProperties.load(null,
                Map.of(KafkaClientProperties.CONFIG_FILE_ENV, file.toString()));

        // The variable naming the file is not itself a property
        assertEquals(Map.of("sasl.mechanism", "OAUTHBEARER"), props.asMap());
    }

    @Test
    void shouldNameTheMissingFileAndEveryOtherProblemAtOnce() {
        // Given a file that does not exist, a variable that names no property and a refused property
        Path missing = dir.resolve("nope.properties");
        Map<String, String> env = Map.of("DARKWATCH_KAFKA_", "x", "DARKWATCH_KAFKA_BOOTSTRAP_SERVERS", "k:9092");

        // When they are loaded
        InvalidKafkaPropertiesException e = assertThrows(InvalidKafkaPropertiesException.class,
                () -> KafkaClientProperties.load(missing, env));

        // Then all three problems are reported, the file by its name
        assertEquals(3, e.problems().size(), e.problems().toString());
        assertTrue(e.getMessage().contains(missing + " (--kafka-config) does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("DARKWATCH_KAFKA_ names no Kafka property"), e.getMessage());
        assertTrue(e.getMessage().contains("bootstrap.servers (from environment DARKWATCH_KAFKA_BOOTSTRAP_SERVERS)"),
                e.getMessage());
    }

    @Test
    void shouldSayWhenTheFileIsADirectory() {
        InvalidKafkaPropertiesException e = assertThrows(InvalidKafkaPropertiesException.class,
                () -> KafkaClientProperties.load(dir, Map.of()));

        assertEquals("invalid Kafka client properties: Kafka client properties file " + dir
                + " (--kafka-config) is not a file", e.getMessage());
    }

    @Test
    void shouldNeverDescribeASecretValue() throws IOException {
        // Given TLS and SASL credentials from a file and the environment
        Path file = Files.writeString(dir.resolve("client.properties"), String.join("\n",
                "sasl.jaas.config=" + JAAS.replace("\"", "\\\""),
                "ssl.truststore.password=trust-pw",
                "ssl.keystore.key=-----BEGIN PRIVATE KEY-----abc",
                "producer.ssl.key.password=key-pw",
                "sasl.oauthbearer.client.credentials.client.secret=oauth-secret",
                "security.protocol=SASL_SSL", ""));
        KafkaClientProperties props = KafkaClientProperties.load(file,
                Map.of("DARKWATCH_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                        "DARKWATCH_KAFKA_SSL_KEYSTORE_PASSWORD", "store-pw"));

        // When it is described (and printed as a string)
        String described = props.describe();

        // Then no secret value appears, the non-secret ones and every origin do
        for (String secret : new String[] {"s3cr3t-jaas", "trust-pw", "PRIVATE KEY", "key-pw", "oauth-secret",
            "store-pw"}) {
            assertFalse(described.contains(secret), secret + " leaked: " + described);
            assertFalse(props.toString().contains(secret), secret + " leaked by toString");
        }
        assertTrue(described.contains("security.protocol=SASL_SSL (file " + file + ")"), described);
        assertTrue(described.contains("sasl.mechanism=SCRAM-SHA-512 (environment DARKWATCH_KAFKA_SASL_MECHANISM)"),
                described);
        assertTrue(described.contains("sasl.jaas.config=[redacted]"), described);
        assertTrue(described.contains("ssl.keystore.password=[redacted] (environment"), described);
        // and the clients still get the real values
        assertEquals(JAAS, props.asMap().get("sasl.jaas.config"));
    }

    @Test
    void shouldTreatKafkaPasswordConfigsAndSecretNamesAsSecretButNotOrdinarySettings() {
        assertTrue(SecretKeys.isSecret("sasl.jaas.config"));
        assertTrue(SecretKeys.isSecret("ssl.key.password"));
        assertTrue(SecretKeys.isSecret("ssl.keystore.key"));
        assertTrue(SecretKeys.isSecret("main.consumer.ssl.truststore.password"));
        assertTrue(SecretKeys.isSecret("sasl.oauthbearer.assertion.private.key.passphrase"));
        assertTrue(SecretKeys.isSecret("some.plugin.api.token"));
        assertFalse(SecretKeys.isSecret("security.protocol"));
        assertFalse(SecretKeys.isSecret("ssl.truststore.location"));
        assertFalse(SecretKeys.isSecret("sasl.oauthbearer.token.endpoint.url"));
        assertFalse(SecretKeys.isSecret("key.serializer"));
    }

    @Test
    void shouldRedactSecretValuesOfAnyPropertyMap() {
        assertEquals("{linger.ms=5, sasl.jaas.config=[redacted]}",
                SecretKeys.redacted(Map.of("sasl.jaas.config", JAAS, "linger.ms", 5)).toString());
    }

    @Test
    void shouldHandEachClientOnlyTheKeysItKnowsAndConfigProviders() {
        KafkaClientProperties props = KafkaClientProperties.load(null, Map.of(
                "DARKWATCH_KAFKA_SECURITY_PROTOCOL", "SSL",
                "DARKWATCH_KAFKA_LINGER_MS", "50",
                "DARKWATCH_KAFKA_CONFIG_PROVIDERS", "file"));

        assertEquals(Map.of("security.protocol", "SSL", "linger.ms", "50", "config.providers", "file"),
                props.forClient(ProducerConfig.configNames()));
        assertEquals(Map.of("security.protocol", "SSL", "config.providers", "file"),
                props.forClient(AdminClientConfig.configNames()));
    }

    @Test
    void shouldPutClientPropertiesOnTopOfAServicesDefaults() {
        KafkaClientProperties props = KafkaClientProperties.load(null, Map.of(
                "DARKWATCH_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "DARKWATCH_KAFKA_LINGER_MS", "50"));

        Map<String, Object> config = props.onTopOf(Map.of("linger.ms", 0, "acks", "all"),
                ProducerConfig.configNames());

        assertEquals(Map.of("linger.ms", "50", "acks", "all", "security.protocol", "SASL_SSL"), config);
    }

    @Test
    void shouldLetCommandLinePropertiesWin() {
        KafkaClientProperties props = KafkaClientProperties.load(null, Map.of("DARKWATCH_KAFKA_LINGER_MS", "50"));

        assertEquals(Map.of("linger.ms", "5"), props.overriddenBy(Map.of("linger.ms", "5")));
    }

    @Test
    void shouldDescribeNoPropertiesAsPlaintext() {
        assertTrue(KafkaClientProperties.load(null, Map.of("HOME", "/root")).isEmpty());
        assertEquals("Kafka client properties: none (plaintext, no authentication)",
                KafkaClientProperties.none().describe());
    }
}
