package io.darkwatch.streams.config;

/**
 * Where the application's verdicts on config records go: the status topic in a running application,
 * a list in tests.
 *
 * <p>Why not a sink of the topology: the config topic is read by a global store so that every
 * instance sees every record, and a global processor cannot forward records. Every instance
 * therefore publishes its own verdict; they agree unless the instances were started with different
 * settings, and the status topic is compacted by scope.
 */
@FunctionalInterface
public interface ConfigStatusSink {
    void publish(ConfigStatus status);
}
