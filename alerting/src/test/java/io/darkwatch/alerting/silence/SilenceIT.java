package io.darkwatch.alerting.silence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.alerting.config.AlertingSettings;
import io.darkwatch.alerting.config.StartPosition;
import io.darkwatch.alerting.metrics.AlertMetrics;
import io.darkwatch.alerting.service.AlertingService;
import io.darkwatch.alerting.slack.SlackDeliverySettings;
import io.darkwatch.alerting.slack.SlackWebhookUrl;
import io.darkwatch.alerting.testing.AlertingKafka;
import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.alerting.testing.SlackAndKafka;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.json.Json;
import io.darkwatch.common.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Silences on the real broker: the client's add/list/expire, and a running service obeying them. */
class SilenceIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @RegisterExtension
    final SlackAndKafka env = new SlackAndKafka();

    @Test
    void shouldAddListAndExpireSilences() {
        // Given a client on a clock far in the future, so other tests' silences have ended for it
        Instant now = Instant.parse("2300-01-01T00:00:00Z");
        try (SilenceClient client = new SilenceClient(env.bootstrap(), Clock.fixed(now, ZoneOffset.UTC))) {
            // When two silences are added
            Silence kz = client.add("kz", AnomalyType.OUTAGE, Duration.ofHours(6), "planned shutdown", "ops-alice");
            Silence ua = client.add("UA", null, Duration.ofHours(1), "noisy sensor", "ops-bob");

            // Then both are listed, the one ending first first, exactly as stored
            List<Silence> listed = client.list().stream().filter(s -> s.id().equals(kz.id()) || s.id().equals(ua.id()))
                    .toList();
            assertEquals(List.of(ua, kz), listed);
            assertEquals("KZ", kz.country());
            assertEquals(now.plus(Duration.ofHours(6)), kz.endsAt());

            // When one is expired
            assertTrue(client.expire(kz.id()));

            // Then it is gone, and expiring it again or an unknown id says so
            assertFalse(client.list().stream().anyMatch(s -> s.id().equals(kz.id())));
            assertFalse(client.expire(kz.id()));
            assertFalse(client.expire("no-such-silence"));
        }
    }

    @Test
    void shouldRefuseASilenceListingEveryProblem() {
        try (SilenceClient client = SilenceClient.connect(env.bootstrap())) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> client.add(null, null, Duration.ZERO, " ", null));

            assertEquals("a silence must last more than zero, not PT0S; "
                    + "a silence needs a country, a type or both (it would silence everything); "
                    + "a silence needs a comment saying why; a silence needs an author", e.getMessage());
        }
    }

    @Test
    void shouldNotSendSilencedAlertsUntilTheSilenceIsExpired() throws Exception {
        // Given a silence on KZ outages, and a running service
        String run = UUID.randomUUID().toString().substring(0, 8);
        String group = "alerting-silence-it-" + run;
        AlertingKafka.startAtEnd(env.admin(), group);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AlertingSettings settings = new AlertingSettings(env.bootstrap(), group, StartPosition.EARLIEST,
                Optional.of(SlackWebhookUrl.parse(env.slack().webhookUrl())),
                SlackDeliverySettings.defaults().withRequestTimeout(Duration.ofSeconds(5)), Optional.empty(), false);
        try (SilenceClient client = SilenceClient.connect(env.bootstrap());
                AlertingService service = AlertingService.create(settings, registry)) {
            Silence silence = client.add("KZ", AnomalyType.OUTAGE, Duration.ofHours(6), "planned", "ops-alice");
            service.start();

            // When a KZ outage and a UA surge arrive
            produce(Anomalies.outage("O1-" + run, EpisodeStatus.OPEN), Anomalies.openSurge("S-" + run));
            await(() -> AlertingKafka.caughtUp(env.admin(), group) && env.slack().requests().size() >= 1, "both handled");

            // Then only the surge was sent, and the outage was counted as silenced
            assertEquals(List.of("S-" + run), ids());
            assertEquals(1.0, silenced(registry));

            // When the silence is expired and another KZ outage comes
            assertTrue(client.expire(silence.id()));
            Thread.sleep(1000); // the service takes the tombstone in within a poll or two
            produce(Anomalies.outage("O2-" + run, EpisodeStatus.OPEN));
            await(() -> env.slack().requests().size() >= 2, "the second outage to be sent");

            // Then it is sent
            assertEquals(List.of("S-" + run, "O2-" + run), ids());
            assertEquals(1.0, silenced(registry));
        }
    }

    private void produce(Anomaly... anomalies) throws Exception {
        try (KafkaProducer<String, Anomaly> producer = AlertingKafka.anomalyProducer(env.bootstrap())) {
            for (Anomaly a : anomalies) {
                producer.send(new ProducerRecord<>(Topics.ANOMALIES.name(), 0, a.id(), a)).get();
            }
        }
    }

    private List<String> ids() {
        return env.slack().requests().stream().map(r -> {
            try {
                var blocks = Json.mapper().readTree(r.body()).get("blocks");
                String context = blocks.get(blocks.size() - 1).get("elements").get(0).get("text").asText();
                int start = context.indexOf('`') + 1;
                return context.substring(start, context.indexOf('`', start));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private static double silenced(SimpleMeterRegistry registry) {
        Counter c = registry.find(AlertMetrics.SILENCED).counter();
        return c == null ? 0 : c.count();
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what);
            }
            Thread.sleep(50);
        }
    }
}
