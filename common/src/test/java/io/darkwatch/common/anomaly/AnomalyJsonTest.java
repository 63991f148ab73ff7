package io.darkwatch.common.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkwatch.common.json.Json;
import io.darkwatch.common.topic.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnomalyJsonTest {

    private final Anomaly surge = new Anomaly(1, "BACKSCATTER_SURGE-UA-1645660800", AnomalyType.BACKSCATTER_SURGE, "UA",
            Instant.parse("2022-02-24T00:00:00Z"), Instant.parse("2022-02-24T00:05:00Z"), EpisodeStatus.OPEN,
            Severity.CRITICAL, 120, 10, 8.5, "backscatter-surge", Instant.parse("2022-02-24T00:00:00Z"), null,
            Map.of("topVictims", List.of(Map.of("address", "192.0.2.7", "packets", 80))));

    @Test
    void shouldWriteTheContractFieldsAsIsoUtcStrings() throws Exception {
        byte[] bytes = Topics.ANOMALIES.value().serializer().serialize("t", surge);
        JsonNode json = Json.mapper().readTree(bytes);
        assertEquals("2022-02-24T00:00:00Z", json.get("windowStart").asText());
        assertEquals("OPEN", json.get("status").asText());
        assertEquals("UA", json.get("country").asText());
        assertEquals(120.0, json.get("observed").asDouble());
        assertEquals("192.0.2.7", json.at("/details/topVictims/0/address").asText());
        assertFalse(json.has("episodeEnd"), "absent fields are left out, not written as null");
    }

    @Test
    void shouldReadBackWhatItWroteAndTolerateNewFields() throws Exception {
        byte[] bytes = Topics.ANOMALIES.value().serializer().serialize("t", surge);
        assertEquals(surge.id(), Topics.ANOMALIES.value().deserializer().deserialize("t", bytes).id());
        String withExtra = new String(bytes).replaceFirst("\\{", "{\"addedLater\":true,");
        Anomaly read = Topics.ANOMALIES.value().deserializer().deserialize("t", withExtra.getBytes());
        assertEquals(surge.windowEnd(), read.windowEnd());
    }

    @Test
    void shouldReadATypeFromANewerWriterAsUnknown() throws Exception {
        String newer = new String(Topics.ANOMALIES.value().serializer().serialize("t", surge))
                .replace("\"BACKSCATTER_SURGE\"", "\"PORT_SURGE\"");
        assertEquals(AnomalyType.UNKNOWN,
                Topics.ANOMALIES.value().deserializer().deserialize("t", newer.getBytes()).type());
    }
}
