package io.darkwatch.streams.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigStatusTest {

    @Test
    void shouldBeWrittenOnTheStatusTopicAsTheDocumentedJsonAndReadBack() {
        ConfigStatus status = new ConfigStatus("detector/outage", ConfigStatus.Outcome.REJECTED, List.of("range"),
                List.of("outage.warning-ratio: 2 is out of range [0, 1]"), 0, 17,
                Instant.parse("2026-01-01T12:00:01Z"), "alice");

        byte[] bytes = ConfigTopics.STATUS.value().serializer().serialize(ConfigTopics.STATUS.name(), status);

        assertEquals("{\"scope\":\"detector/outage\",\"status\":\"rejected\",\"reasons\":[\"range\"],"
                + "\"problems\":[\"outage.warning-ratio: 2 is out of range [0, 1]\"],\"partition\":0,\"offset\":17,"
                + "\"checkedAt\":\"2026-01-01T12:00:01Z\",\"updatedBy\":\"alice\"}",
                new String(bytes, StandardCharsets.UTF_8));
        assertEquals(status, ConfigTopics.STATUS.value().deserializer().deserialize(ConfigTopics.STATUS.name(), bytes));
    }
}
