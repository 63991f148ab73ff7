package io.darkwatch.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.streams.settings.InvalidSettingsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StreamsMainKafkaPropertiesTest {
    @TempDir
    Path dir;

    @Test
    void shouldTakeClientPropertiesFromFileAndEnvironmentUnderCommandLineProperties() throws IOException {
        // Given a client properties file, a variable and a command-line property for the same key
        Path file = Files.writeString(dir.resolve("client.properties"),
                "security.protocol=SSL\nsasl.mechanism=PLAIN\nsasl.jaas.config=secret-jaas\n");
        StreamsMain main = new StreamsMain();
        main.environment = Map.of("DARKWATCH_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "DARKWATCH_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        new CommandLine(main).parseArgs("--bootstrap-servers", "kafka:9093", "--kafka-config", file.toString(),
                "--kafka-property", "security.protocol=SASL_PLAINTEXT");

        // When the settings are built
        var settings = main.settings();

        // Then the command line beats the environment, which beats the file
        assertEquals("SASL_PLAINTEXT", settings.kafkaProperties().get("security.protocol"));
        assertEquals("SCRAM-SHA-512", settings.kafkaProperties().get("sasl.mechanism"));
        assertEquals("secret-jaas", settings.kafkaProperties().get("sasl.jaas.config"));
        // and the settings never print the JAAS line
        assertFalse(settings.toString().contains("secret-jaas"), settings.toString());
        assertTrue(settings.toString().contains("sasl.jaas.config=[redacted]"), settings.toString());
    }

    @Test
    void shouldReportAMissingKafkaConfigTogetherWithTheOtherProblems() {
        StreamsMain main = new StreamsMain();
        main.environment = Map.of();
        Path missing = dir.resolve("absent.properties");
        new CommandLine(main).parseArgs("--kafka-config", missing.toString(), "--set", "signal.top-n=0");

        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, main::settings);

        assertTrue(e.problems().contains("Kafka client properties file " + missing + " (--kafka-config) does not exist"),
                e.problems().toString());
        assertTrue(e.problems().stream().anyMatch(p -> p.contains("bootstrap servers are missing")), e.problems().toString());
        assertTrue(e.problems().stream().anyMatch(p -> p.contains("signal.top-n")), e.problems().toString());
    }
}
