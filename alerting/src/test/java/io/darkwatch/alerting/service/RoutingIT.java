package io.darkwatch.alerting.service;

import static io.darkwatch.alerting.service.AlertingRestartIT.await;
import static io.darkwatch.alerting.service.AlertingRestartIT.count;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.darkwatch.alerting.config.AlertingSettings;
import io.darkwatch.alerting.config.StartPosition;
import io.darkwatch.alerting.metrics.AlertMetrics;
import io.darkwatch.alerting.routing.Routes;
import io.darkwatch.alerting.routing.RoutesFile;
import io.darkwatch.alerting.testing.AlertingKafka;
import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.alerting.testing.RecordingSlackServer;
import io.darkwatch.broker.SharedKafka;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.json.Json;
import io.darkwatch.common.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routes against the real broker and two real local "Slack" webhooks. */
class RoutingIT {
    private String bootstrap;
    private RecordingSlackServer uaChannel;
    private RecordingSlackServer defaultChannel;
    private Admin admin;

    @BeforeEach
    void setUp() throws Exception {
        bootstrap = SharedKafka.bootstrapServers();
        admin = AlertingKafka.adminWithTopics(bootstrap);
        uaChannel = new RecordingSlackServer();
        defaultChannel = new RecordingSlackServer();
    }

    @AfterEach
    void tearDown() {
        try {
            uaChannel.assertEveryPayloadWithinBlockKitLimits();
            defaultChannel.assertEveryPayloadWithinBlockKitLimits();
        } finally {
            uaChannel.close();
            defaultChannel.close();
            admin.close();
        }
    }

    @Test
    void shouldSendEachEventToTheWebhookOfTheFirstRouteThatMatches() throws Exception {
        // Given routes: UA backscatter to one webhook, everything else to another
        Routes routes = RoutesFile.parse("""
                routes:
                  - name: ua
                    match: {type: BACKSCATTER_SURGE, country: UA}
                    webhook_env: SLACK_WEBHOOK_UA
                  - name: default
                    webhook_env: SLACK_WEBHOOK_URL
                """, "routes.yaml", Map.of("SLACK_WEBHOOK_UA", uaChannel.webhookUrl(),
                "SLACK_WEBHOOK_URL", defaultChannel.webhookUrl())::get);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String group = "alerting-routing-it-" + run;
        AlertingKafka.startAtEnd(admin, group);
        Anomaly surge = Anomalies.openSurge("S-" + run);
        Anomaly outage = Anomalies.outage("O-" + run, EpisodeStatus.OPEN);
        Anomaly resolved = Anomalies.backscatter("S-" + run, EpisodeStatus.RESOLVED, 3, 12, List.of(), List.of());
        try (KafkaProducer<String, Anomaly> producer = AlertingKafka.anomalyProducer(bootstrap)) {
            for (Anomaly a : List.of(surge, outage, resolved)) {
                producer.send(new ProducerRecord<>(Topics.ANOMALIES.name(), 0, a.id(), a)).get();
            }
        }

        // When the service runs with these routes (each event sent on its own)
        AlertingSettings settings = new AlertingSettings(bootstrap, group, StartPosition.EARLIEST, Optional.empty(),
                AlertingRestartIT.FAST_SLACK, Optional.empty(), false, Optional.empty(), Optional.empty(),
                Optional.of(routes));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (AlertingService service = AlertingService.create(settings, registry)) {
            service.start();
            await(() -> AlertingKafka.caughtUp(admin, group), "all three events handled");
        }

        // Then the surge and its resolution went to the UA webhook, the outage to the default one
        assertEquals(List.of("S-" + run + " OPEN", "S-" + run + " RESOLVED"), texts(uaChannel));
        assertEquals(List.of("O-" + run + " OPEN"), texts(defaultChannel));
        // and each route's sink is counted under its own name
        assertEquals(2.0, count(registry, AlertMetrics.DELIVERED, "sink", "slack-ua"));
        assertEquals(1.0, count(registry, AlertMetrics.DELIVERED, "sink", "slack-default"));
    }

    /** "episode-id STATUS" of each message, read from the context line and the fallback text. */
    private static List<String> texts(RecordingSlackServer server) {
        return server.requests().stream().map(r -> {
            try {
                var message = Json.mapper().readTree(r.body());
                var blocks = message.get("blocks");
                String context = blocks.get(blocks.size() - 1).get("elements").get(0).get("text").asText();
                String id = context.substring(context.indexOf('`') + 1, context.indexOf('`', context.indexOf('`') + 1));
                String text = message.get("text").asText();
                return id + " " + (text.contains(" RESOLVED") ? "RESOLVED" : text.contains(" OPEN") ? "OPEN" : "?");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }
}
