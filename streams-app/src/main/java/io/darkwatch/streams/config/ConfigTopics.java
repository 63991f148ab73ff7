package io.darkwatch.streams.config;

import io.darkwatch.common.json.JsonSerde;
import io.darkwatch.common.topic.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.Serdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topics of live configuration. They belong in common's {@code Topics} registry once the CLI
 * needs them without the streams module; until then they live here.
 */
public final class ConfigTopics {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigTopics.class);

    /**
     * Detector settings by scope (key: {@link ConfigScope#key()}, value: {@link ConfigRecord} JSON as
     * text, so that a malformed value reaches the validator instead of the deserialization handler; a
     * null value deletes the scope). Compacted: the latest record of every scope is kept forever.
     */
    public static final Topic<String, String> CONFIG = new Topic<>("darkwatch.config", Serdes.String(),
            Serdes.String(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));

    /** What the application made of each config record ({@link ConfigStatus} JSON), keyed by scope. Compacted. */
    public static final Topic<String, ConfigStatus> STATUS = new Topic<>("darkwatch.config.status",
            Serdes.String(), new JsonSerde<>(ConfigStatus.class),
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));

    public static final List<Topic<?, ?>> ALL = List.of(CONFIG, STATUS);

    /**
     * One partition: config records are few, and one partition keeps them in the order they were
     * written, so that every instance checks each record against the same earlier ones.
     */
    public static final int PARTITIONS = 1;

    private ConfigTopics() {
    }

    /**
     * Creates the topics that are missing, with {@link #PARTITIONS} partition; leaves existing ones alone.
     *
     * @param replicationFactor -1 for the broker's default
     */
    /**
     * When createTopics returns, the controller has the new topics, but a broker may still answer
     * metadata requests from a cache without them for a moment (seen on a loaded machine). Kafka
     * Streams' global thread does not retry an empty partition list for its store's topic: it dies.
     * So this waits until the topics' partitions, with leaders, are visible.
     */
    private static void awaitVisible(Admin admin, List<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                        .get(30, TimeUnit.SECONDS);
                if (described.values().stream().allMatch(t -> !t.partitions().isEmpty() && t.partitions().stream()
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty()))) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topics " + names + " created but not visible within 30 s");
            }
            Thread.sleep(100);
        }
    }

    public static void ensure(Admin admin, int replicationFactor) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topic<?, ?> t : ALL) {
                if (!existing.contains(t.name())) {
                    missing.add(new NewTopic(t.name(), Optional.of(PARTITIONS), replicationFactor < 0 ? Optional.empty()
                            : Optional.of((short) replicationFactor)).configs(t.configs()));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                LOG.info("created topics {}", missing.stream().map(NewTopic::name).toList());
                awaitVisible(admin, missing.stream().map(NewTopic::name).toList());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the config topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the config topics: " + e.getMessage(), e);
        }
    }
}
