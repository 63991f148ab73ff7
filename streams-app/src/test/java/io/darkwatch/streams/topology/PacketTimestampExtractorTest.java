package io.darkwatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.topic.Heartbeats;
import io.darkwatch.streams.testing.PacketTraffic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class PacketTimestampExtractorTest {
    private static final long ARRIVAL = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000L;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PacketTimestampExtractor extractor = new PacketTimestampExtractor(new TopologyMetrics(registry), HOUR);

    @Test
    void shouldTakeTheNewestPacketThatIsNotFurtherAheadOfItsArrivalThanAllowed() {
        // Given a block that arrived at ARRIVAL with packets from before it, one 59 minutes after and two years after
        PacketBlock block = block(ARRIVAL - 5_000, ARRIVAL - 1_000, ARRIVAL + 59 * 60_000, ARRIVAL + 2 * 8_760 * HOUR);

        // Then its event time is the 59-minute one; the far one is not used (the aggregator drops it)
        assertEquals(ARRIVAL + 59 * 60_000, extractor.extract(record(block, TimestampType.LOG_APPEND_TIME), -1));
        // (Kafka Streams hands every record to the extractor as CreateTime, whatever the topic's type)
        assertEquals(ARRIVAL + 59 * 60_000, extractor.extract(record(block, TimestampType.CREATE_TIME), -1));
    }

    @Test
    void shouldDropAndCountABlockWhosePacketsAreAllTooFarAhead() {
        PacketBlock block = block(ARRIVAL + 2 * HOUR, ARRIVAL + 3 * HOUR);

        assertEquals(-1, extractor.extract(record(block, TimestampType.LOG_APPEND_TIME), -1));
        assertEquals(2.0, registry.get("darkwatch.records.invalid").tag("reason", "future").counter().count());
    }

    @Test
    void shouldDropAndCountAHeartbeatFromTooFarAhead() {
        ProducerRecord<String, Object> hb = Heartbeats.record("darkwatch.packets", 0, ARRIVAL + 2 * HOUR, "s1");
        ConsumerRecord<Object, Object> late = new ConsumerRecord<>("darkwatch.packets", 0, 0, ARRIVAL,
                TimestampType.LOG_APPEND_TIME, 0, 0, null, null, hb.headers(), Optional.empty());

        assertEquals(-1, extractor.extract(late, -1));
        assertEquals(1.0, registry.get("darkwatch.records.invalid").tag("reason", "future").counter().count());
    }

    private static PacketBlock block(long... times) {
        PacketTraffic traffic = new PacketTraffic(1);
        for (long t : times) {
            traffic.addOne("UA", PacketTraffic.Kind.SCAN, t);
        }
        List<PacketSummary> packets = traffic.sorted();
        return new PacketBlock("UA", packets.get(0).sensorId(), packets);
    }

    private static ConsumerRecord<Object, Object> record(PacketBlock block, TimestampType type) {
        return new ConsumerRecord<>("darkwatch.packets", 0, 0, ARRIVAL, type, 2, 100, "UA", block,
                new RecordHeaders(), Optional.empty());
    }
}
