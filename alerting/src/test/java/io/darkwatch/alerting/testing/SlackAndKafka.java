package io.darkwatch.alerting.testing;

import io.darkwatch.broker.SharedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What most alerting ITs stand on, per test: the shared broker with the alerting topics, an admin
 * client, and a fresh local HTTP server playing Slack, whose every payload is checked against
 * Block Kit's limits when the test ends. Register with {@code @RegisterExtension}.
 */
public final class SlackAndKafka implements BeforeEachCallback, AfterEachCallback {
    private String bootstrap;
    private Admin admin;
    private RecordingSlackServer slack;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        bootstrap = SharedKafka.bootstrapServers();
        admin = AlertingKafka.adminWithTopics(bootstrap);
        slack = new RecordingSlackServer();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            slack.assertEveryPayloadWithinBlockKitLimits();
        } finally {
            slack.close();
            admin.close();
        }
    }

    public String bootstrap() {
        return bootstrap;
    }

    public Admin admin() {
        return admin;
    }

    public RecordingSlackServer slack() {
        return slack;
    }
}
