package io.darkwatch.alerting.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.broker.SharedKafka;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class AlertingTopicsIT {

    @Test
    void shouldCreateACompactedStateTopicAndADeadLetterTopicAndLeaveThemAloneTheSecondTime() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers()))) {
            // When the topics are ensured twice (the second time, or the first if another test came first, they exist)
            AlertingTopics.ensure(admin, 2, (short) 1);
            AlertingTopics.ensure(admin, 5, AlertingTopics.BROKER_DEFAULT_REPLICATION);

            // Then both exist, the state topic compacted and the dead-letter topic not
            var names = admin.listTopics().names().get();
            assertTrue(names.containsAll(List.of(AlertingTopics.DEAD_LETTER.name(), AlertingTopics.STATE.name())),
                    names.toString());
            assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT, cleanupPolicy(admin, AlertingTopics.STATE.name()));
            assertEquals(TopicConfig.CLEANUP_POLICY_DELETE, cleanupPolicy(admin, AlertingTopics.DEAD_LETTER.name()));
            // and the second call did not touch them
            int partitions = admin.describeTopics(List.of(AlertingTopics.STATE.name())).allTopicNames().get()
                    .get(AlertingTopics.STATE.name()).partitions().size();
            assertEquals(2, partitions);
        }
    }

    private static String cleanupPolicy(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        return config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
    }
}
