package io.darkwatch.alerting.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TolerantDeserializerTest {
    private final TolerantDeserializer<Anomaly> deserializer =
            new TolerantDeserializer<>(Topics.ANOMALIES.value().deserializer());

    @Test
    void shouldPassAValidEventThrough() {
        Anomaly open = Anomalies.outage("OUTAGE-KZ-1", EpisodeStatus.OPEN);
        byte[] bytes = Topics.ANOMALIES.value().serializer().serialize("t", open);

        Decoded<Anomaly> decoded = deserializer.deserialize("t", new RecordHeaders(), bytes);

        assertEquals(new Decoded.Value<>(open), decoded);
    }

    @Test
    void shouldTurnGarbageAnIncompleteEventAndANullIntoReasonsInsteadOfExceptions() {
        var garbage = deserializer.deserialize("t", new RecordHeaders(), "not json {".getBytes(StandardCharsets.UTF_8));
        var noId = deserializer.deserialize("t", new RecordHeaders(),
                "{\"type\":\"OUTAGE\",\"country\":\"KZ\"}".getBytes(StandardCharsets.UTF_8));
        var nothing = deserializer.deserialize("t", new RecordHeaders(), (byte[]) null);

        assertTrue(assertInstanceOf(Decoded.Failure.class, garbage).reason().contains("not a valid Anomaly JSON"));
        assertTrue(assertInstanceOf(Decoded.Failure.class, noId).reason().contains("id"));
        assertEquals("the record has no value (null)", assertInstanceOf(Decoded.Failure.class, nothing).reason());
    }
}
