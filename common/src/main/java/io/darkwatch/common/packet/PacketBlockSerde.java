package io.darkwatch.common.packet;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for {@link PacketBlockCodec}: writes version 2 blocks, reads versions 1 and 2. A null
 * value is passed through as null: on the packets topic a null value is a heartbeat.
 */
public final class PacketBlockSerde implements Serde<PacketBlock> {
    @Override
    public Serializer<PacketBlock> serializer() {
        return (topic, value) -> value == null ? null : PacketBlockCodec.encode(value);
    }

    @Override
    public Deserializer<PacketBlock> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return PacketBlockCodec.decode(data);
            } catch (IllegalArgumentException e) {
                throw new SerializationException("bad packet record on " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
