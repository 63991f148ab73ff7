package io.darkwatch.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.alerting.config.AlertingSettings;
import io.darkwatch.alerting.deadletter.DeadLetter;
import io.darkwatch.alerting.testing.AlertingKafka;
import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.alerting.testing.RecordingSlackServer;
import io.darkwatch.alerting.testing.RecordingSlackServer.Reply;
import io.darkwatch.alerting.testing.SlackAndKafka;
import io.darkwatch.alerting.topic.AlertingTopics;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.json.Json;
import io.darkwatch.common.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code darkwatch alerting replay-dead-letters} against the real broker and a real local "Slack". */
class DeadLetterReplayIT {
    private static final Instant FAILED_AT = Instant.parse("2026-03-01T08:00:00Z");

    @RegisterExtension
    final SlackAndKafka env = new SlackAndKafka();

    private String group;
    private String run;

    @BeforeEach
    void setUp() throws Exception {
        run = UUID.randomUUID().toString().substring(0, 8);
        group = "alerting-replay-it-" + run;
    }

    @Test
    void shouldReplayEachDeadLetterOnceAndDeadLetterAgainWhatFailsAgain() throws Exception {
        // Given two dead letters of this group (A, then B), one of another group, all on partition 0
        Anomaly a = Anomalies.openSurge("A-" + run);
        Anomaly b = Anomalies.outage("B-" + run, EpisodeStatus.OPEN);
        write(letter(a, group, "slack"), letter(b, group, "slack"),
                letter(Anomalies.openSurge("X-" + run), "another-group-" + run, "slack"));

        // When a dry run looks at them
        Result dry = replay("--dry-run");

        // Then it lists this group's two and sends nothing
        assertEquals(0, dry.exitCode(), dry.output());
        assertTrue(dry.output().contains("would replay A-" + run + " OPEN (channel_not_found on slack"), dry.output());
        assertTrue(dry.output().contains("would replay 2, failed again 0"), dry.output());
        assertEquals(0, env.slack().requests().size());

        // When they are replayed and Slack accepts A but still cannot find B's channel
        env.slack().script(Reply.ok(), Reply.error(404, "channel_not_found"));
        Result first = replay();

        // Then A went out, B was tried once and dead-lettered anew with the new time
        assertEquals(0, first.exitCode(), first.output());
        assertTrue(first.output().contains("replayed 1, failed again 1"), first.output());
        assertEquals(List.of("A-" + run, "B-" + run), sentIds());
        List<DeadLetter> letters = AlertingKafka.deadLetters(env.bootstrap(), group);
        assertEquals(3, letters.size(), "two old letters and B's new one");
        List<DeadLetter> renewed = letters.stream().filter(l -> l.time().isAfter(FAILED_AT)).toList();
        assertEquals(1, renewed.size(), "only B's new letter carries the time of the replay");
        assertEquals(List.of("B-" + run, "channel_not_found", 404), List.of(renewed.get(0).anomaly().id(),
                renewed.get(0).reason(), renewed.get(0).httpStatus()));

        // When the channel is back and the replay runs again, and once more after that
        Result second = replay();
        Result third = replay();

        // Then only B's new letter was replayed, once; nothing twice
        assertTrue(second.output().contains("replayed 1, failed again 0"), second.output());
        assertTrue(third.output().contains("replayed 0, failed again 0"), third.output());
        assertEquals(List.of("A-" + run, "B-" + run, "B-" + run), sentIds());

        // When a letter names a route's sink that is not configured now
        write(letter(Anomalies.openSurge("C-" + run), group, "slack-ua"));
        Result missing = replay();
        Result again = replay();

        // Then the replay stops before it, says why, and does not pass over it the next time either
        assertEquals(CommandLine.ExitCode.SOFTWARE, missing.exitCode());
        assertTrue(missing.output().contains("no sink 'slack-ua' is configured now"), missing.output());
        assertTrue(again.output().contains("no sink 'slack-ua' is configured now"), again.output());
        assertEquals(3, env.slack().requests().size());
    }

    private record Result(int exitCode, String output) {
    }

    private Result replay(String... options) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        int code;
        try {
            System.setOut(capture);
            String[] args = new String[7 + options.length];
            System.arraycopy(new String[] {"--bootstrap-servers", env.bootstrap(), "--group-id", group, "--no-console",
                "--metrics-port=-1", "replay-dead-letters"}, 0, args, 0, 7);
            System.arraycopy(options, 0, args, 7, options.length);
            code = new CommandLine(new AlertingMain(Map.of(AlertingSettings.ENV_WEBHOOK_URL, env.slack().webhookUrl())::get,
                    new SimpleMeterRegistry())).execute(args);
        } finally {
            System.setOut(saved);
        }
        return new Result(code, buffer.toString(StandardCharsets.UTF_8));
    }

    private List<String> sentIds() {
        return env.slack().requests().stream().map(r -> {
            try {
                String context = Json.mapper().readTree(r.body()).toString();
                int start = context.indexOf("episode `") + "episode `".length();
                return context.substring(start, context.indexOf('`', start));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private static DeadLetter letter(Anomaly anomaly, String group, String sink) {
        return new DeadLetter(DeadLetter.CURRENT_VERSION, anomaly, sink, "channel_not_found", true, 404, 1, FAILED_AT,
                group, Topics.ANOMALIES.name(), 0, 42);
    }

    private void write(DeadLetter... letters) throws Exception {
        try (KafkaProducer<String, DeadLetter> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrap()), new StringSerializer(),
                AlertingTopics.DEAD_LETTER.value().serializer())) {
            for (DeadLetter l : letters) {
                producer.send(new ProducerRecord<>(AlertingTopics.DEAD_LETTER.name(), 0, l.anomaly().id(), l)).get();
            }
        }
    }
}
