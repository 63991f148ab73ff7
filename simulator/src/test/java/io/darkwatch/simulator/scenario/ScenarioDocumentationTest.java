package io.darkwatch.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.simulator.SimulationReport;
import io.darkwatch.simulator.Simulator;
import io.darkwatch.simulator.testing.GeoFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example in SCENARIOS.md is a scenario that reads and runs. */
class ScenarioDocumentationTest {

    @Test
    void shouldReadAndSimulateTheExampleOfScenariosMd() throws Exception {
        // Given the first JSON block of SCENARIOS.md
        String doc = Files.readString(Path.of("SCENARIOS.md"));
        int from = doc.indexOf("```json\n") + "```json\n".length();
        String json = doc.substring(from, doc.indexOf("```", from));

        // When it is read and simulated
        Scenario scenario = ScenarioReader.read(json, "example");
        SimulationReport report = new Simulator(GeoFixtures.addressBook()).summaries(scenario, p -> { });

        // Then it has every kind of event, and each did something
        assertEquals(List.of("backscatter", "outage", "scan", "port-decline", "appear"),
                scenario.events().stream().map(ScenarioEvent::type).toList());
        report.events().stream().filter(e -> !e.type().equals("outage"))
                .forEach(e -> assertTrue(e.packets() > 0, "event " + e.index() + " did nothing: " + e));
        assertEquals(0, report.events().get(1).packets(), "KZ's full outage lets nothing through");
    }
}
