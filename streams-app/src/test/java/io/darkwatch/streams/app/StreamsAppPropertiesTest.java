package io.darkwatch.streams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.settings.StreamsSettings;
import io.darkwatch.streams.topology.TopologyMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsAppPropertiesTest {

    @Test
    void shouldRunExactlyOnceAndSkipUndecodableRecords() {
        StreamsSettings s = StreamsSettings.of("broker:9092", Path.of("state"), DetectorSettings.defaults())
                .withReplicationFactor(1).withApplicationId("dw-test");
        TopologyMetrics metrics = new TopologyMetrics(new SimpleMeterRegistry());

        Properties p = StreamsApp.properties(s, metrics);

        assertEquals("dw-test", p.get(StreamsConfig.APPLICATION_ID_CONFIG));
        assertEquals("broker:9092", p.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals(Path.of("state").toAbsolutePath().toString(), p.get(StreamsConfig.STATE_DIR_CONFIG));
        assertEquals(1, p.get(StreamsConfig.REPLICATION_FACTOR_CONFIG));
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals(CountingDeserializationExceptionHandler.class.getName(),
                p.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG));
        assertSame(metrics, p.get(CountingDeserializationExceptionHandler.METRICS_CONFIG));
    }

    @Test
    void shouldLetPassedThroughPropertiesOverrideTheDefaults() {
        StreamsSettings s = StreamsSettings.of("broker:9092", Path.of("state"), DetectorSettings.defaults())
                .withKafkaProperties(Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE,
                        StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2"));

        Properties p = StreamsApp.properties(s, new TopologyMetrics(new SimpleMeterRegistry()));

        assertEquals(StreamsConfig.AT_LEAST_ONCE, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals("2", p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
    }
}
