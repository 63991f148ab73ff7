package io.darkwatch.common.topic;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with its serdes and the topic-level configs darkwatch creates it with.
 *
 * @param name    topic name
 * @param key     key serde
 * @param value   value serde
 * @param configs topic configs to create it with (e.g. cleanup.policy)
 */
public record Topic<K, V>(String name, Serde<K> key, Serde<V> value, Map<String, String> configs) {
    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        configs = Map.copyOf(configs);
    }
}
