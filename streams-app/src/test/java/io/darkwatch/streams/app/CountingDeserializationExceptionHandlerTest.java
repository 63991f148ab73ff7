package io.darkwatch.streams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.packet.PacketSummaryCodec;
import io.darkwatch.common.packet.TcpFlags;
import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.common.topic.Topics;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.settings.StreamsSettings;
import io.darkwatch.streams.topology.DarkwatchTopology;
import io.darkwatch.streams.topology.TopologyMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountingDeserializationExceptionHandlerTest {
    private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path stateDir;

    @Test
    void shouldCountAndSkipAnUndecodableRecordAndGoOnWithTheNext() {
        // Given the application's own properties around the topology
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = new TopologyMetrics(registry);
        StreamsSettings settings = StreamsSettings.of("unused:9092", stateDir, DetectorSettings.defaults());
        try (TopologyTestDriver driver = new TopologyTestDriver(
                DarkwatchTopology.build(settings.detector(), metrics), StreamsApp.properties(settings, metrics))) {
            var raw = driver.createInputTopic(Topics.PACKETS.name(), new StringSerializer(), new ByteArraySerializer());
            var windows = driver.createOutputTopic(Topics.COUNTRY_WINDOWS.name(),
                    Topics.COUNTRY_WINDOWS.key().deserializer(), Topics.COUNTRY_WINDOWS.value().deserializer());
            PacketSummary good = new PacketSummary(T0 * 1_000_000L, "s1", IpAddress.parse("203.0.113.1"),
                    IpAddress.parse("192.0.2.1"), IpProtocol.TCP, 40000, 22, TcpFlags.SYN, -1, -1, 60, 60, "DE", 0, 0);

            // When a record that is not a packet summary arrives between two good ones
            raw.pipeInput("DE", PacketSummaryCodec.encode(good), T0);
            raw.pipeInput("DE", new byte[] {42, 1, 2, 3}, T0 + 1000);
            raw.pipeInput("DE", PacketSummaryCodec.encode(good), T0 + 2000);
            raw.pipeInput("~heartbeat", null, T0 + 6 * 60_000);

            // Then it is counted and skipped, and the good ones are counted in their window
            assertEquals(1.0, registry.get("darkwatch.records.invalid").tag("reason", "undecodable").counter().count());
            List<CountryWindow> out = windows.readValuesToList();
            assertEquals(1, out.size());
            assertEquals(2, out.get(0).packets());
        }
    }
}
