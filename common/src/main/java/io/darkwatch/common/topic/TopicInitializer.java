package io.darkwatch.common.topic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates darkwatch's topics when they are missing; leaves existing ones alone.
 *
 * <p>{@code keepOldTimestamps}: replays of old captures carry old event-time timestamps, and a
 * broker deletes segments whose newest timestamp is older than {@code retention.ms} at once. For
 * such replays (analyze, demo) topics are created with time retention off.
 */
public final class TopicInitializer {
    private static final Logger LOG = LoggerFactory.getLogger(TopicInitializer.class);

    private TopicInitializer() {
    }

    public static void ensure(Admin admin, List<Topic<?, ?>> topics, int partitions, short replication,
            boolean keepOldTimestamps) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topic<?, ?> t : topics) {
                if (existing.contains(t.name())) {
                    continue;
                }
                Map<String, String> configs = new HashMap<>(t.configs());
                if (keepOldTimestamps) {
                    configs.putIfAbsent(TopicConfig.RETENTION_MS_CONFIG, "-1");
                }
                missing.add(new NewTopic(t.name(), partitions, replication).configs(configs));
            }
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            LOG.info("created topics {}", missing.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create darkwatch topics: " + e.getMessage(), e);
        }
    }
}
