package io.darkwatch.alerting.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.topic.Topics;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFileSinkTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteEachEventAsOneLineOfTheTopicsJsonVisibleBeforeClose() throws Exception {
        // Given a file sink in a folder that does not exist yet
        Path file = dir.resolve("alerts/anomalies.jsonl");
        JsonLinesFileSink sink = new JsonLinesFileSink(file);
        Anomaly open = Anomalies.openSurge("BACKSCATTER_SURGE-UA-1645660800");
        Anomaly resolved = Anomalies.backscatter("BACKSCATTER_SURGE-UA-1645660800", EpisodeStatus.RESOLVED, 12, 11,
                List.of(), List.of());

        // When two events are delivered
        sink.deliver(open);
        sink.deliver(resolved);

        // Then, even before close, the file holds exactly the bytes the topic carries, one event per line
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(List.of(topicJson(open), topicJson(resolved)), lines);
        assertEquals(resolved.episodeEnd(), Topics.ANOMALIES.value().deserializer().deserialize("t",
                lines.get(1).getBytes(StandardCharsets.UTF_8)).episodeEnd(), "readable as an anomaly again");
        sink.close();
    }

    @Test
    void shouldAppendToAnExistingFileRatherThanReplaceIt() throws Exception {
        // Given a file with an earlier run's line
        Path file = dir.resolve("anomalies.jsonl");
        Files.writeString(file, "{\"earlier\":true}\n");

        // When the sink is opened again and delivers an event
        try (JsonLinesFileSink sink = new JsonLinesFileSink(file)) {
            sink.deliver(Anomalies.outage("OUTAGE-KZ-1641378600", EpisodeStatus.OPEN));
        }

        // Then the earlier line is still there
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        assertEquals("{\"earlier\":true}", lines.get(0));
        assertTrue(lines.get(1).contains("\"id\":\"OUTAGE-KZ-1641378600\""), lines.get(1));
    }

    @Test
    void shouldRefuseToStartOnAPathThatCannotBeAFile() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new JsonLinesFileSink(dir));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }

    private static String topicJson(Anomaly a) {
        return new String(Topics.ANOMALIES.value().serializer().serialize("t", a), StandardCharsets.UTF_8);
    }
}
