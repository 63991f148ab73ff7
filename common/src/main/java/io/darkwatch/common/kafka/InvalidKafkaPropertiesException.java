package io.darkwatch.common.kafka;

import java.util.List;

/**
 * Kafka client properties that cannot be used, with every problem at once. The messages name files,
 * variables and keys, never a value: a value may be a password.
 *
 * <p>An {@link IllegalArgumentException}, so a command that already reports bad input with exit
 * code 2 reports this the same way.
 */
public final class InvalidKafkaPropertiesException extends IllegalArgumentException {
    private final List<String> problems;

    public InvalidKafkaPropertiesException(List<String> problems) {
        super("invalid Kafka client properties: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
