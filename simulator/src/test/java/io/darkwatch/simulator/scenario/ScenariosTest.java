package io.darkwatch.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.simulator.traffic.TrafficPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenariosTest {

    @Test
    void shouldLoadEveryBuiltInScenarioByNameWithOrWithoutExtension() {
        for (String name : Scenarios.builtInNames()) {
            assertEquals(name, Scenarios.load(name).name());
            assertEquals(name, Scenarios.load(name + ".json").name());
        }
    }

    @Test
    void shouldReadAScenarioFileNamedAfterTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("my-test.json");
        Files.writeString(file, """
                {"seed": 1, "start": "2022-01-01T00:00:00Z", "duration": "PT1H", "sensor": "s",
                 "darknet": "203.0.113.0/24", "countries": [{"code": "US", "rate": 1}]}
                """);
        assertEquals("my-test", Scenarios.load(file.toString()).name());
    }

    @Test
    void shouldListTheBuiltInsWhenANameIsUnknown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Scenarios.load("no-such-scenario"));
        assertTrue(e.getMessage().contains("seed-quarter-demo, steady-background, benchmark-48h, small-events, telescope-burst"),
                e.getMessage());
    }

    @Test
    void shouldKeepTheDemoSmallWithHistoryBeforeEveryEvent() {
        // Given the demo scenario
        Scenario demo = Scenarios.builtIn(Scenarios.SEED_QUARTER_DEMO);

        // Then it runs about 36 h, stays under 500 k packets, names about 30 countries
        assertEquals(Duration.ofHours(36), demo.duration());
        double expected = new TrafficPlan(demo).expectedPackets();
        assertTrue(expected > 300_000 && expected < 480_000, "expected packets " + expected);
        assertTrue(demo.countries().size() >= 28, "countries " + demo.countries().size());
        // And every event has at least 2 h of normal history before it
        for (ScenarioEvent e : demo.events()) {
            assertTrue(!e.start().isBefore(demo.start().plus(Duration.ofHours(2))), e + " starts too early");
        }
        // And it has the three events the demo tells about
        assertTrue(demo.events().stream().anyMatch(e -> e instanceof BackscatterEvent b && b.country().equals("UA")
                && b.ports().equals(List.of(80, 443)) && b.duration().equals(Duration.ofHours(3))));
        assertTrue(demo.events().stream().anyMatch(e -> e instanceof OutageEvent o && o.country().equals("KZ")
                && o.remaining() == 0 && o.duration().equals(Duration.ofHours(6))));
        assertTrue(demo.events().stream().anyMatch(e -> e instanceof ScanEvent s && s.ports().equals(
                List.of(23)) && s.duration().equals(Duration.ofMinutes(10))));
    }

    @Test
    void shouldMakeTheUkraineSurgeAboutTenTimesItsNormalBackscatter() {
        Scenario demo = Scenarios.builtIn(Scenarios.SEED_QUARTER_DEMO);
        CountryProfile ua = demo.countries().stream().filter(c -> c.code().equals("UA")).findFirst().orElseThrow();
        BackscatterEvent surge = demo.events().stream().filter(BackscatterEvent.class::isInstance)
                .map(BackscatterEvent.class::cast).findFirst().orElseThrow();
        double ratio = surge.rate() / (ua.rate() * ua.backscatterShare());
        assertTrue(ratio >= 8 && ratio <= 12, "surge / normal backscatter = " + ratio);
    }

    @Test
    void shouldGiveTheSteadyScenarioTheDemoCountriesAndNoEvents() {
        Scenario steady = Scenarios.builtIn(Scenarios.STEADY_BACKGROUND);
        Set<String> demoCountries = Scenarios.builtIn(Scenarios.SEED_QUARTER_DEMO).countryCodes();
        assertEquals(demoCountries, steady.countryCodes());
        assertTrue(steady.events().isEmpty());
        assertEquals(Duration.ofHours(24), steady.duration());
    }

    @Test
    void shouldSizeTheBenchmarkAtAboutTwoMillionPackets() {
        Scenario bench = Scenarios.builtIn(Scenarios.BENCHMARK_48H);
        double expected = new TrafficPlan(bench).expectedPackets();
        assertTrue(expected > 1_800_000 && expected < 2_200_000, "expected packets " + expected);
        assertEquals(Duration.ofHours(48), bench.duration());
        assertTrue(bench.events().size() >= 3);
    }

    @Test
    void shouldKeepTheSmallScenarioSmallWithABusyKazakhstan() {
        Scenario small = Scenarios.builtIn(Scenarios.SMALL_EVENTS);
        TrafficPlan plan = new TrafficPlan(small);
        assertTrue(plan.expectedPackets() <= 60_000, "expected packets " + plan.expectedPackets());
        assertTrue(small.duration().compareTo(Duration.ofHours(16)) <= 0);
        int kz = plan.countryIndex("KZ");
        // Outside its outage, KZ's rate never dips below 0.3 pkt/s.
        for (long s = small.start().getEpochSecond(); s < small.end().getEpochSecond(); s += 60) {
            if (plan.outageFactor(kz, s) == 1.0) {
                assertTrue(plan.backgroundRate(kz, s) >= 0.3, "KZ at " + Instant.ofEpochSecond(s));
            }
        }
    }
}
