package io.darkwatch.cli.console;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * For the all-in-one commands (demo, analyze) only: the broker runs inside the process, so its
 * start-up and shutdown chatter (controller activation, "closing an already closed client") and
 * Kafka's advice for production deployments would bury the output people came for; darkwatch's own
 * INFO lines (topics created, state changes) are for operators of the separate services. Errors
 * (and darkwatch's warnings) still show. The separate services keep all of it.
 */
public final class QuietKafkaLogs {
    private QuietKafkaLogs() {
    }

    public static void apply() {
        for (String name : new String[] {"org.apache.kafka", "kafka", "state.change.logger"}) {
            if (LoggerFactory.getLogger(name) instanceof Logger logger) {
                logger.setLevel(Level.ERROR);
            }
        }
        if (LoggerFactory.getLogger("io.darkwatch") instanceof Logger own && System.getenv("DARKWATCH_LOG_LEVEL") == null) {
            own.setLevel(Level.WARN);
        }
    }
}
