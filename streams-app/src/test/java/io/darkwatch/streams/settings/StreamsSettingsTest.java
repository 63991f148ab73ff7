package io.darkwatch.streams.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

    @Test
    void shouldFillInTheApplicationIdAndBrokerDefaultReplication() {
        StreamsSettings s = StreamsSettings.of("localhost:9092", Path.of("state"), DetectorSettings.defaults());
        assertEquals("darkwatch-streams", s.applicationId());
        assertEquals(-1, s.replicationFactor());
        assertEquals(Map.of(), s.kafkaProperties());
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> new StreamsSettings(" ",
                "dark watch", Path.of("s"), 0, Map.of("application.id", "x", "num.stream.threads", "2"),
                DetectorSettings.defaults()));
        assertEquals(List.of(
                "bootstrap servers are missing (host:port)",
                "application id 'dark watch' must be 1-200 of a-z A-Z 0-9 . _ -",
                "replication factor 0 must be -1 (broker default) or 1-32",
                "Kafka property 'application.id' has its own setting; set it there, not as a property"),
                e.problems());
    }
}
