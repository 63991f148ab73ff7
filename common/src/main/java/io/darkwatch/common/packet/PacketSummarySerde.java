package io.darkwatch.common.packet;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for {@link PacketSummaryCodec}. A null value is passed through as null: on the
 * packets topic a null value is a heartbeat (see {@code Topics.PACKETS}).
 */
public final class PacketSummarySerde implements Serde<PacketSummary> {
    @Override
    public Serializer<PacketSummary> serializer() {
        return (topic, value) -> value == null ? null : PacketSummaryCodec.encode(value);
    }

    @Override
    public Deserializer<PacketSummary> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return PacketSummaryCodec.decode(data);
            } catch (IllegalArgumentException e) {
                throw new SerializationException("bad packet summary on " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
