package io.darkwatch.streams.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.broker.SharedKafka;
import io.darkwatch.common.topic.TopicInitializer;
import io.darkwatch.common.topic.Topics;
import io.darkwatch.streams.app.StreamsApp;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.settings.InvalidSettingsException;
import io.darkwatch.streams.settings.StreamsSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ConfigClient against a running application on a real broker: writes, verdicts, their effect, reads, deletion. */
class ConfigClientIT {
    private static final DetectorSettings SETTINGS = DetectorSettings.defaults().with(Map.of(
            "window.size", "1m", "window.grace", "5s", "baseline.windows", "60", "baseline.min-windows", "10",
            "country.forget-after", "2h"));
    // A country no other test of this broker sends, so that the scope cannot change their results.
    private static final String SCOPE = "detector/outage/country/KZ";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path stateDir;

    @Test
    void shouldPutARecordInForceRejectABadOneAndDeleteTheScopeWhileTheApplicationRuns() throws Exception {
        // Given a running application
        String bootstrap = SharedKafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicInitializer.ensure(admin, Topics.ALL, 3, (short) 1, true);
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StreamsSettings settings = new StreamsSettings(bootstrap, "darkwatch-config-it-" + UUID.randomUUID(), stateDir,
                1, Map.of(), SETTINGS);
        try (StreamsApp app = new StreamsApp(settings, registry);
                ConfigClient client = new ConfigClient(bootstrap, SETTINGS, Clock.systemUTC(), WAIT)) {
            app.start();
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "not RUNNING but " + app.state());

            // When settings with a problem are set through the client, then good ones
            InvalidSettingsException bad = assertThrows(InvalidSettingsException.class, () -> client.set(SCOPE,
                    Map.of("outage.min-baseline", "0"), "alice", "too low"));
            ConfigEntry written = client.set(SCOPE, Map.of("outage.min-baseline", "5", "outage.warning-ratio", "0.30"),
                    "alice", "KZ is a small country at this sensor");

            // Then the bad ones were refused before anything was written, and the good ones are put in force
            assertEquals(List.of("outage.min-baseline: 0 is out of range [1, 1000000000]"), bad.problems());
            ConfigStatus accepted = client.awaitStatus(SCOPE, written.offset(), WAIT).orElseThrow();
            assertEquals(ConfigStatus.Outcome.ACCEPTED, accepted.status(), accepted::toString);
            assertEquals("alice", accepted.updatedBy());
            assertEquals(Optional.of(written), client.get(SCOPE));
            assertEquals(Map.of("outage.min-baseline", "5", "outage.warning-ratio", "0.3"),
                    written.record().settings());
            assertTrue(client.list().contains(written), client.list()::toString);
            assertEquals(1.0, registry.get("darkwatch.config.accepted").counter().count());

            // And KZ's outage detector judges with them from now on, while DE's keeps the start-up settings
            assertEquals(5, app.settingsInForce("outage", "KZ").outageMinBaseline());
            assertEquals(0.3, app.settingsInForce("outage", "KZ").outageWarningRatio());
            assertEquals(20, app.settingsInForce("outage", "DE").outageMinBaseline());

            // When someone writes a record past the client that breaks a rule
            long badOffset;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                    new StringSerializer())) {
                badOffset = producer.send(new ProducerRecord<>(ConfigTopics.CONFIG.name(), SCOPE,
                        "{\"schemaVersion\":1,\"settings\":{\"outage.critical-ratio\":\"0.5\"},\"updatedBy\":\"eve\","
                                + "\"updatedAt\":\"2026-01-01T12:00:00Z\"}")).get().offset();
            }

            // Then the application rejects it and says why
            ConfigStatus rejected = client.awaitStatus(SCOPE, badOffset, WAIT).orElseThrow();
            assertEquals(ConfigStatus.Outcome.REJECTED, rejected.status());
            assertEquals(List.of("outage.critical-ratio (0.5) must be below outage.warning-ratio (0.25)"),
                    rejected.problems());
            assertEquals(1.0, registry.get("darkwatch.config.rejected").tag("reason", "rule").counter().count());

            // And the last good settings stay in force
            assertEquals(5, app.settingsInForce("outage", "KZ").outageMinBaseline());

            // When the scope is deleted
            long deleted = client.delete(SCOPE);

            // Then it is gone from the topic and the application says so
            assertEquals(ConfigStatus.Outcome.DELETED, client.awaitStatus(SCOPE, deleted, WAIT).orElseThrow()
                    .status());
            assertEquals(Optional.empty(), client.get(SCOPE));
            assertEquals(ConfigStatus.Outcome.DELETED, client.statuses().get(SCOPE).status());
            assertEquals(SETTINGS, app.settingsInForce("outage", "KZ"));
        }
    }
}
