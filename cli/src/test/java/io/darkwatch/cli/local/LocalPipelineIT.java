package io.darkwatch.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.capture.decode.DecodeFailure;
import io.darkwatch.capture.replay.ProgressListener;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyDetails;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.simulator.SimulationReport;
import io.darkwatch.simulator.Simulator;
import io.darkwatch.simulator.scenario.Scenarios;
import io.darkwatch.streams.settings.DetectorSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a real (embedded) broker: simulated captures with known events, and a
 * real capture, checked packet for packet and anomaly for anomaly.
 */
class LocalPipelineIT {

    @TempDir
    Path dir;

    private static PipelineResult run(Path capture) throws Exception {
        PipelineOptions options = new PipelineOptions(capture, Optional.empty(), Optional.empty(),
                LocalPipeline.replaySettings(Map.of()), 2, "it", List.of(), ProgressListener.NONE, Duration.ofMinutes(3));
        return new LocalPipeline(options, new SimpleMeterRegistry()).run();
    }

    @Test
    void shouldFindTheInjectedSurgeAndOutageAndNothingElse() throws Exception {
        // Given a capture with one UA backscatter surge and one KZ outage
        Path capture = dir.resolve("small.pcap");
        SimulationReport truth = new Simulator().run(Scenarios.load(Scenarios.SMALL_EVENTS), capture);

        // When it goes through producer, Kafka, streams-app and alerting
        PipelineResult result = run(capture);

        // Then every packet was read, published, and counted exactly once by the streams app
        assertEquals(truth.packets(), result.replay().framesRead());
        assertEquals(truth.packets(), result.replay().decoded());
        assertEquals(truth.packets(), result.replay().published());
        assertEquals(result.publishedPerCountry(), result.windows().packets(),
                "per-country totals of the streams app's windows equal what was published");
        for (String country : List.of("US", "UA", "KZ")) {
            assertEquals(truth.country(country).packets(), result.publishedPerCountry().getOrDefault(country, 0L),
                    "packets from " + country + " as the simulator wrote them");
        }

        // And the two events are found, each as its own type, with onset within two windows
        long window = DetectorSettings.defaults().windowSizeMillis();
        SimulationReport.EventTally surge = event(truth, "backscatter");
        SimulationReport.EventTally outage = event(truth, "outage");
        assertEpisode(result.anomalies(), AnomalyType.BACKSCATTER_SURGE, "UA", surge.start(), window);
        assertEpisode(result.anomalies(), AnomalyType.OUTAGE, "KZ", outage.start(), window);

        // And nothing else is reported
        Map<String, List<Anomaly>> byEpisode = result.anomalies().stream()
                .collect(Collectors.groupingBy(a -> a.type() + "/" + a.country()));
        assertEquals(java.util.Set.of("BACKSCATTER_SURGE/UA", "OUTAGE/KZ"), byEpisode.keySet(),
                "only the injected events: " + result.anomalies());
        Anomaly opened = result.anomalies().stream()
                .filter(a -> a.type() == AnomalyType.BACKSCATTER_SURGE && a.status() == EpisodeStatus.OPEN)
                .findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ports = (List<Map<String, Object>>) opened.details().get(AnomalyDetails.VICTIM_PORTS);
        assertEquals(java.util.Set.of(80, 443), ports.stream().limit(2)
                        .map(p -> ((Number) p.get(AnomalyDetails.PORT)).intValue()).collect(Collectors.toSet()),
                "the victims answered from 80 and 443 above all: " + opened.details());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> victims = (List<Map<String, Object>>) opened.details().get(AnomalyDetails.TOP_VICTIMS);
        assertTrue(surge.sources().contains((String) victims.get(0).get(AnomalyDetails.ADDRESS)),
                "the top victim is one the simulator attacked: " + victims.get(0) + " not in " + surge.sources());
    }

    @Test
    void shouldReportNoAnomalyOnSteadyBackgroundTraffic() throws Exception {
        Path capture = dir.resolve("steady.pcap");
        SimulationReport truth = new Simulator().run(Scenarios.load(Scenarios.STEADY_BACKGROUND), capture);

        PipelineResult result = run(capture);

        assertEquals(truth.packets(), result.replay().published());
        assertEquals(result.publishedPerCountry(), result.windows().packets());
        assertEquals(List.of(), result.anomalies(), "steady traffic with a daily rhythm raises nothing");
    }

    @Test
    void shouldCountARealCaptureExactly() throws Exception {
        // 547 frames: 503 ARP, 44 IPv4 (32 TCP, 12 UDP) — tshark's decoding of the same file
        Path capture = Path.of(getClass().getResource("/pcap/zeek__nmap-vsn.pcap").toURI());

        PipelineResult result = run(capture);

        assertEquals(547, result.replay().framesRead());
        assertEquals(44, result.replay().decoded());
        assertEquals(Map.of(DecodeFailure.NOT_IP, 503L), result.replay().undecodable());
        assertEquals(44, result.windows().packets().values().stream().mapToLong(Long::longValue).sum());
        assertFalse(result.replay().truncation().isPresent());
        assertEquals(List.of(), result.anomalies(), "44 packets are no anomaly");
    }

    private static SimulationReport.EventTally event(SimulationReport truth, String type) {
        return truth.events().stream().filter(e -> e.type().equals(type)).findFirst().orElseThrow();
    }

    private static void assertEpisode(List<Anomaly> anomalies, AnomalyType type, String country, Instant eventStart,
            long windowMillis) {
        List<Anomaly> episode = anomalies.stream().filter(a -> a.type() == type && a.country().equals(country)).toList();
        assertFalse(episode.isEmpty(), type + " " + country + " was not reported: " + anomalies);
        Anomaly open = episode.get(0);
        assertEquals(EpisodeStatus.OPEN, open.status(), "an episode starts with OPEN: " + episode);
        long onsetDelay = open.episodeStart().toEpochMilli() - eventStart.toEpochMilli();
        assertTrue(onsetDelay >= -windowMillis && onsetDelay <= 2 * windowMillis,
                type + " " + country + " onset " + open.episodeStart() + " vs event start " + eventStart);
        assertEquals(1, episode.stream().filter(a -> a.status() == EpisodeStatus.OPEN).count(), "one episode");
        assertEquals(EpisodeStatus.RESOLVED, episode.get(episode.size() - 1).status(),
                "the episode ends with RESOLVED: " + episode);
        assertTrue(episode.stream().map(Anomaly::id).distinct().count() == 1, "one stable id per episode");
    }
}
