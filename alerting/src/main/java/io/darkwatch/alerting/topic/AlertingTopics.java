package io.darkwatch.alerting.topic;

import io.darkwatch.alerting.deadletter.DeadLetter;
import io.darkwatch.alerting.silence.Silence;
import io.darkwatch.alerting.state.AlertedEpisode;
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
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topics the alerting service itself writes, and their creation.
 *
 * <p>They belong in {@code io.darkwatch.common.topic.Topics} once the alerting format is settled;
 * they live here for now so that only this module had to change.
 */
public final class AlertingTopics {
    private static final Logger LOG = LoggerFactory.getLogger(AlertingTopics.class);
    private static final long ADMIN_TIMEOUT_SECONDS = 30;

    /**
     * Events a sink could not deliver (a permanent rejection, or retries used up), one record per event
     * and sink (JSON {@link DeadLetter}). Key: episode id. Ordinary time retention: an operator
     * replays or inspects them, then they age out.
     */
    public static final Topic<String, DeadLetter> DEAD_LETTER = new Topic<>("darkwatch.alerts.dead-letter",
            Serdes.String(), new JsonSerde<>(DeadLetter.class), Map.of());

    /**
     * What each alerting consumer group has already handled per episode (JSON {@link AlertedEpisode}),
     * so a restarted or rebalanced member does not alert again. Key: the JSON array
     * {@code ["<group>","<episode id>"]}. Compacted: only the latest record per key matters.
     */
    public static final Topic<String, AlertedEpisode> STATE = new Topic<>("darkwatch.alerting.state",
            Serdes.String(), new JsonSerde<>(AlertedEpisode.class),
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));

    /**
     * Silences (JSON {@link Silence}), read whole by every alerting instance. Key: the silence id; a
     * null value removes it. Compacted: only the latest record per id matters.
     */
    public static final Topic<String, Silence> SILENCES = new Topic<>("darkwatch.alerting.silences",
            Serdes.String(), new JsonSerde<>(Silence.class),
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));

    /** All three, in the order they are created. */
    public static final List<Topic<?, ?>> ALL = List.of(DEAD_LETTER, STATE, SILENCES);

    /** Replication factor meaning "the broker's {@code default.replication.factor}". */
    public static final short BROKER_DEFAULT_REPLICATION = -1;

    private AlertingTopics() {
    }

    /**
     * Creates whichever of {@link #ALL} is missing; existing topics are left as they are.
     *
     * @param replication replicas per partition, or {@link #BROKER_DEFAULT_REPLICATION}
     * @throws IllegalStateException naming the topics and their configs when the principal may not
     *                               create topics (so an administrator can create them), or when the
     *                               cluster cannot be reached
     */
    public static void ensure(Admin admin, int partitions, short replication) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
        }
        if (replication < 1 && replication != BROKER_DEFAULT_REPLICATION) {
            throw new IllegalArgumentException("replication must be at least 1 (or -1 for the broker default), not "
                    + replication);
        }
        List<NewTopic> missing = new ArrayList<>();
        try {
            Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            for (Topic<?, ?> t : ALL) {
                if (!existing.contains(t.name())) {
                    missing.add(new NewTopic(t.name(), Optional.of(partitions),
                            replication == BROKER_DEFAULT_REPLICATION ? Optional.empty() : Optional.of(replication))
                            .configs(t.configs()));
                }
            }
            if (existing.contains(STATE.name())) {
                warnUnlessCompacted(admin);
            }
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // Another instance created them in the meantime: that is what was wanted.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            LOG.info("created topics {}", missing.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the alerting topics", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TopicAuthorizationException || cause instanceof ClusterAuthorizationException) {
                throw new IllegalStateException("not allowed to create the alerting topics ("
                        + cause.getClass().getSimpleName() + "); ask an administrator to create " + describe(missing),
                        cause);
            }
            throw new IllegalStateException("cannot create the alerting topics " + describe(missing) + ": "
                    + cause, cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from Kafka within " + ADMIN_TIMEOUT_SECONDS
                    + " s while creating the alerting topics", e);
        }
    }

    /**
     * A state topic created by hand without compaction would lose what was sent once its retention
     * passes; worth a warning, not a refusal (the operator may have chosen a long retention).
     */
    private static void warnUnlessCompacted(Admin admin) throws InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, STATE.name());
        try {
            Config config = admin.describeConfigs(List.of(resource)).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(resource);
            ConfigEntry policy = config == null ? null : config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            if (policy != null && !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                LOG.warn("{} has cleanup.policy={}, not compact: alerts sent longer ago than its retention may be "
                        + "sent again after a restart", STATE.name(), policy.value());
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("cannot read the configs of {}: {}", STATE.name(), e.toString());
        }
    }

    /** {@code darkwatch.alerting.state (3 partitions, cleanup.policy=compact)}: enough to create them by hand. */
    private static String describe(List<NewTopic> topics) {
        List<String> out = new ArrayList<>();
        for (NewTopic t : topics) {
            String configs = t.configs() == null || t.configs().isEmpty() ? ""
                    : ", " + t.configs().entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).sorted()
                            .reduce((a, b) -> a + ", " + b).orElse("");
            out.add(t.name() + " (" + t.numPartitions() + " partitions" + configs + ")");
        }
        return String.join(" and ", out);
    }
}
