package io.darkwatch.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.simulator.SimulationReport.EventTally;
import io.darkwatch.simulator.scenario.Scenario;
import io.darkwatch.simulator.scenario.Scenarios;
import io.darkwatch.simulator.testing.CapturedFrame;
import io.darkwatch.simulator.testing.GeoFixtures;
import io.darkwatch.simulator.testing.PcapFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small built-in scenario is what integration tests elsewhere rely on: check its promises on a real run. */
class BuiltInScenarioRunTest {

    @Test
    void shouldGiveTheSmallScenarioAClearSurgeAndAClearOutageInFewPackets(@TempDir Path dir) throws Exception {
        // Given the small-events scenario simulated with the bundled database
        Scenario small = Scenarios.load(Scenarios.SMALL_EVENTS);
        Path file = dir.resolve("small.pcap");
        SimulationReport report = new Simulator(GeoFixtures.addressBook()).run(small, file);
        List<CapturedFrame> frames = PcapFile.read(file).frames();
        List<String> countries = frames.stream().map(f -> GeoFixtures.countryOf(f.src())).toList();

        // Then it stays small and short
        assertTrue(report.packets() <= 60_000, "packets " + report.packets());
        assertTrue(small.duration().compareTo(Duration.ofHours(16)) <= 0);
        assertEquals(report.packets(), frames.size());

        // And KZ sends at least 0.3 pkt/s outside its outage and nothing inside it
        EventTally outage = report.events().stream().filter(e -> e.type().equals("outage")).findFirst().orElseThrow();
        long outageSeconds = Duration.between(outage.start(), outage.end()).getSeconds();
        long kzOutside = 0;
        long kzInside = 0;
        for (int i = 0; i < frames.size(); i++) {
            if ("KZ".equals(countries.get(i))) {
                long s = frames.get(i).epochSecond();
                if (s >= outage.start().getEpochSecond() && s < outage.end().getEpochSecond()) {
                    kzInside++;
                } else {
                    kzOutside++;
                }
            }
        }
        assertEquals(0, kzInside);
        double kzRate = kzOutside / (double) (small.durationSeconds() - outageSeconds);
        assertTrue(kzRate >= 0.3, "KZ sends " + kzRate + " pkt/s");

        // And UA's SYN/ACK rate in the surge is many times its normal SYN/ACK rate
        EventTally surge = report.events().stream().filter(e -> e.type().equals("backscatter")).findFirst()
                .orElseThrow();
        long surgeSeconds = Duration.between(surge.start(), surge.end()).getSeconds();
        long uaInside = 0;
        long uaOutside = 0;
        for (int i = 0; i < frames.size(); i++) {
            if ("UA".equals(countries.get(i)) && frames.get(i).isSynAck()) {
                long s = frames.get(i).epochSecond();
                if (s >= surge.start().getEpochSecond() && s < surge.end().getEpochSecond()) {
                    uaInside++;
                } else {
                    uaOutside++;
                }
            }
        }
        double insideRate = uaInside / (double) surgeSeconds;
        double outsideRate = uaOutside / (double) (small.durationSeconds() - surgeSeconds);
        assertTrue(insideRate > 10 * outsideRate, "UA SYN/ACK " + insideRate + " vs " + outsideRate + " pkt/s");
    }
}
