package io.darkwatch.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.simulator.pcap.TimestampPrecision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The port-decline and appear events of the scenario language: reading, defaults and every check. */
class NewEventsReaderTest {
    private static final Instant START = Instant.parse("2022-03-01T00:00:00Z");

    private static String scenario(String events) {
        return """
                {
                  "seed": 7, "start": "2022-03-01T00:00:00Z", "duration": "P3D", "sensor": "s1",
                  "darknet": "203.0.113.0/24",
                  "countries": [{"code": "CN", "rate": 2}, {"code": "IR", "rate": 0.3}, {"code": "US", "rate": 1}],
                  "events": [%s]
                }
                """.formatted(events);
    }

    @Test
    void shouldReadAPortDeclineOverDaysAndACountryThatAppearsForTheRestOfTheCapture() {
        // Given CN's Telnet probes falling to a fifth over two days, and IR first heard 30 hours in
        String json = scenario("""
                {"type": "port-decline", "country": "CN", "start": "PT12H", "duration": "P2D", "port": 23,
                 "remaining": 0.2},
                {"type": "appear", "country": "IR", "start": "PT30H"},
                {"type": "backscatter", "country": "IR", "start": "PT40H", "duration": "PT1H", "rate": 1,
                 "victims": 3, "ports": [443]}
                """);

        // When it is read
        Scenario s = ScenarioReader.read(json, "new-events");

        // Then the decline runs from 12 h for two days, and IR's appearance lasts until the capture ends
        PortDeclineEvent decline = assertInstanceOf(PortDeclineEvent.class, s.events().get(0));
        assertEquals(new PortDeclineEvent("CN", START.plus(Duration.ofHours(12)), Duration.ofDays(2), 23, 0.2),
                decline);
        AppearEvent appear = assertInstanceOf(AppearEvent.class, s.events().get(1));
        assertEquals(START.plus(Duration.ofHours(30)), appear.start());
        assertEquals(s.end(), appear.end());
        assertEquals("appear", appear.type());
        assertEquals("port-decline", decline.type());
    }

    @Test
    void shouldLowerTheSharesFactorLinearlyOverTheDeclineAndKeepItLowAfterwards() {
        // Given a decline to 20 % over 100 seconds
        PortDeclineEvent d = new PortDeclineEvent("CN", START, Duration.ofSeconds(100), 23, 0.2);
        long t0 = START.getEpochSecond();

        // Then the factor is 1 before, about 0.6 half-way (taken at the middle of second 49), 0.2 at and after the end
        assertEquals(1.0, d.shareFactor(t0 - 1), 1e-12);
        assertEquals(1 - 0.8 * 49.5 / 100, d.shareFactor(t0 + 49), 1e-12);
        assertEquals(0.2, d.shareFactor(t0 + 100), 1e-12);
        assertEquals(0.2, d.shareFactor(t0 + 100_000), 1e-12);
    }

    @Test
    void shouldReportEveryProblemOfTheNewEventsAtOnce() {
        // Given port declines and appearances wrong in every way the checks know
        String json = scenario("""
                {"type": "port-decline", "country": "CN", "start": "PT1H", "duration": "PT1H", "port": 0,
                 "remaining": 1.5},
                {"type": "port-decline", "country": "US", "start": "PT1H", "duration": "PT1H"},
                {"type": "port-decline", "country": "CN", "start": "PT3H", "duration": "PT1H", "port": 445,
                 "remaining": 0.5},
                {"type": "port-decline", "country": "CN", "start": "PT5H", "duration": "PT1H", "port": 445,
                 "remaining": 0.1},
                {"type": "appear", "country": "IR", "start": "PT10H", "duration": "PT1H"},
                {"type": "appear", "country": "US", "start": "PT0S"},
                {"type": "appear", "country": "CN", "start": "PT20H"},
                {"type": "appear", "country": "CN", "start": "PT21H"},
                {"type": "appear", "country": "KZ", "start": "P4D"}
                """);

        // When it is read
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class,
                () -> ScenarioReader.read(json, "broken"));

        // Then each problem is listed with the path of its field
        List<String> expected = List.of(
                "events[0].port: port must be 1..65535, not 0",
                "events[0].remaining: must be 0..1, not 1.5",
                "events[1].port: is required",
                "events[1].remaining: is required",
                "events[3].port: port 445 of CN already declines in events[2]",
                "events[4]: unknown field 'duration'",
                "events[5].start: a country appears strictly inside the capture",
                "events[7].country: country CN already appears in events[6]",
                "events[2].start: event starts at 2022-03-01T03:00:00Z, before CN appears at 2022-03-01T20:00:00Z",
                "events[3].start: event starts at 2022-03-01T05:00:00Z, before CN appears",
                "events[8].start: a country appears strictly inside the capture",
                "events[8].country: country KZ is not in the scenario's countries");
        for (String problem : expected) {
            assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(problem)),
                    "missing problem '" + problem + "' in:\n" + e.getMessage());
        }
        assertEquals(expected.size(), e.problems().size(), e.getMessage());
    }

    @Test
    void shouldRejectAnAppearanceBuiltInCodeThatEndsBeforeTheCapture() {
        // Given an appear event that ends an hour before the capture does
        AppearEvent shortLived = new AppearEvent("IR", START.plus(Duration.ofHours(1)), Duration.ofHours(1));

        // When a scenario is built with it, Then the problem says how to build one
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class, () -> new Scenario("t", "", 1,
                START, Duration.ofHours(3), "s", Ipv4Cidr.parse("203.0.113.0/24"), TimestampPrecision.MICROS,
                List.of(new CountryProfile("IR", 1, 0, 0, 12)), Noise.NONE, List.of(shortLived)));
        assertEquals(List.of("events[0].duration: an appear event lasts until the capture ends "
                + "(2022-03-01T03:00:00Z), not until 2022-03-01T02:00:00Z (AppearEvent.at builds one)"), e.problems());
    }
}
