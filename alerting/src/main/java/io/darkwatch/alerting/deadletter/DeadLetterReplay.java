package io.darkwatch.alerting.deadletter;

import io.darkwatch.alerting.sink.AlertDeliveryException;
import io.darkwatch.alerting.sink.AlertSink;
import io.darkwatch.alerting.topic.AlertingTopics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Sends the dead letters of one alerting consumer group again, once the cause is fixed (the channel
 * unarchived, the webhook replaced): each letter goes to the sink it failed on, as configured now.
 *
 * <p>Each letter is replayed at most once: the replay keeps its place as the committed offsets of its
 * own consumer group on the dead-letter topic ({@link #replayGroup}), committed after every letter.
 * A letter that fails again is written to the dead-letter topic anew (with the new reason and time),
 * so the next replay tries it again and nothing is lost. Letters of other alerting groups are passed
 * over. A letter whose sink is not configured now stops the replay before it, so that it is not
 * passed over either; the error says which sink is missing.
 */
public final class DeadLetterReplay implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    /** What one run did. {@code stoppedAt} says why it stopped early, if it did. */
    public record Outcome(int replayed, int failedAgain, int otherGroups, Optional<String> stoppedAt) {
    }

    private final KafkaConsumer<String, byte[]> reader;
    private final String group;
    private final Map<String, AlertSink> sinks;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final Consumer<String> report;

    /**
     * @param bootstrapServers the cluster
     * @param group            the alerting consumer group whose letters to replay
     * @param sinks            the sinks as configured now, by {@link AlertSink#name()}
     * @param deadLetters      where a letter that fails again is written anew
     * @param report           one line per letter, for the operator
     */
    public DeadLetterReplay(String bootstrapServers, String group, Map<String, AlertSink> sinks,
            DeadLetters deadLetters, Clock clock, Consumer<String> report) {
        this.group = Objects.requireNonNull(group, "group");
        this.sinks = Map.copyOf(sinks);
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.report = Objects.requireNonNull(report, "report");
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, replayGroup(group));
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "darkwatch-alerting-dead-letter-replay");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        this.reader = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The consumer group that keeps the replay's place for alerting group {@code group}. */
    public static String replayGroup(String group) {
        return group + ".dead-letter-replay";
    }

    /**
     * Replays the letters written before this call, from where the last replay stopped.
     *
     * @param dryRun only report what would be replayed; send and commit nothing
     */
    public Outcome replay(boolean dryRun) {
        List<TopicPartition> partitions = reader.partitionsFor(AlertingTopics.DEAD_LETTER.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        reader.assign(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = reader.committed(new java.util.HashSet<>(partitions));
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            if (c == null) {
                reader.seekToBeginning(List.of(tp));
            } else {
                reader.seek(tp, c.offset());
            }
        }
        // Only what is there now: letters this run writes anew are for the next run.
        Map<TopicPartition, Long> end = reader.endOffsets(partitions);
        int replayed = 0;
        int failedAgain = 0;
        int others = 0;
        List<TopicPartition> open = new ArrayList<>(partitions);
        while (true) {
            open.removeIf(tp -> reader.position(tp) >= end.get(tp));
            if (open.isEmpty()) {
                return new Outcome(replayed, failedAgain, others, Optional.empty());
            }
            for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (record.offset() >= end.get(tp)) {
                    continue;
                }
                DeadLetter letter;
                try {
                    letter = AlertingTopics.DEAD_LETTER.value().deserializer().deserialize(record.topic(), record.value());
                } catch (SerializationException e) {
                    report.accept("skipping an unreadable dead letter at " + tp + " offset " + record.offset() + ": "
                            + e.getMessage());
                    done(tp, record.offset(), dryRun);
                    continue;
                }
                if (!group.equals(letter.group())) {
                    others++;
                    done(tp, record.offset(), dryRun);
                    continue;
                }
                String what = letter.anomaly().id() + " " + letter.anomaly().status() + " (" + letter.reason()
                        + " on " + letter.sink() + " at " + letter.time() + ")";
                AlertSink sink = sinks.get(letter.sink());
                if (sink == null) {
                    String why = "no sink '" + letter.sink() + "' is configured now (are the routes and webhooks the "
                            + "alerting service's?); stopped before " + what + " at " + tp + " offset " + record.offset();
                    report.accept(why);
                    return new Outcome(replayed, failedAgain, others, Optional.of(why));
                }
                if (dryRun) {
                    report.accept("would replay " + what);
                    replayed++;
                    continue;
                }
                try {
                    sink.deliver(letter.anomaly());
                    report.accept("replayed " + what);
                    replayed++;
                } catch (AlertDeliveryException e) {
                    deadLetters.publish(new DeadLetter(DeadLetter.CURRENT_VERSION, letter.anomaly(), letter.sink(),
                            e.reason(), e.permanent(), e.httpStatus().isPresent() ? e.httpStatus().getAsInt() : null,
                            e.attempts(), clock.instant(), letter.group(), letter.sourceTopic(),
                            letter.sourcePartition(), letter.sourceOffset()));
                    report.accept("failed again, dead-lettered anew: " + what + ": " + e.reason());
                    failedAgain++;
                }
                done(tp, record.offset(), false);
            }
        }
    }

    private void done(TopicPartition tp, long offset, boolean dryRun) {
        if (!dryRun) {
            reader.commitSync(Map.of(tp, new OffsetAndMetadata(offset + 1)));
        }
    }

    @Override
    public void close() {
        reader.close();
        sinks.values().forEach(AlertSink::close);
        deadLetters.close();
    }
}
