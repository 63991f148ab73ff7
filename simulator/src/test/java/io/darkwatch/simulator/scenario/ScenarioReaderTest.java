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

class ScenarioReaderTest {

    private static final String VALID = """
            {
              "seed": 42,
              "start": "2022-02-24T00:00:00Z",
              "duration": "PT6H",
              "sensor": "s1",
              "darknet": "203.0.113.0/24",
              "defaults": {"backscatterShare": 0.1, "dailyAmplitude": 0.3},
              "countries": [
                {"code": "US", "rate": 1.5, "peakHourUtc": 18},
                {"code": "UA", "rate": 0.2, "backscatterShare": 0.25, "_comment": "ignored"}
              ],
              "noise": {"rate": 0.1},
              "events": [
                {"type": "backscatter", "country": "UA", "start": "PT2H", "duration": "PT1H", "rate": 2,
                 "victims": 10, "ports": [80, 443]},
                {"type": "outage", "country": "US", "start": "2022-02-24T04:00:00Z", "duration": "PT30M"},
                {"type": "scan", "country": "US", "start": "PT5H", "duration": "PT10M", "rate": 3, "ports": [23],
                 "sources": 5}
              ]
            }
            """;

    @Test
    void shouldReadAScenarioApplyingDefaultsAndResolvingOffsets() {
        // Given a scenario that relies on defaults and gives one event start as an offset
        // When it is read
        Scenario s = ScenarioReader.read(VALID, "from-test");

        // Then explicit values win, "defaults" fill the gaps, built-in defaults fill the rest
        assertEquals("from-test", s.name());
        assertEquals(42, s.seed());
        assertEquals(Duration.ofHours(6), s.duration());
        assertEquals(TimestampPrecision.MICROS, s.timestamps());
        assertEquals(new CountryProfile("US", 1.5, 0.1, 0.3, 18), s.countries().get(0));
        assertEquals(new CountryProfile("UA", 0.2, 0.25, 0.3, ScenarioReader.DEFAULT_PEAK_HOUR_UTC),
                s.countries().get(1));
        assertEquals(new Noise(0.1, 0), s.noise());
        BackscatterEvent surge = assertInstanceOf(BackscatterEvent.class, s.events().get(0));
        assertEquals(Instant.parse("2022-02-24T02:00:00Z"), surge.start());
        assertEquals(List.of(80, 443), surge.ports());
        OutageEvent outage = assertInstanceOf(OutageEvent.class, s.events().get(1));
        assertEquals(0.0, outage.remaining(), "a missing 'remaining' means a full shutdown");
        assertEquals(Instant.parse("2022-02-24T04:30:00Z"), outage.end());
        assertInstanceOf(ScanEvent.class, s.events().get(2));
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        // Given a scenario with one problem in almost every part
        String json = """
                {
                  "seed": "forty-two",
                  "start": "yesterday",
                  "duration": "PT0S",
                  "darknet": "203.0.113.7/24",
                  "timestamps": "pico",
                  "colour": "blue",
                  "countries": [
                    {"code": "us", "rate": -1},
                    {"code": "UA", "rate": 0.2, "dailyAmplitude": 1.5},
                    {"code": "UA", "rate": 0.3, "rat": 1}
                  ],
                  "noise": {"rate": 1, "spoofedShare": 2},
                  "events": [
                    {"type": "backscatter", "country": "KZ", "start": "PT1H", "duration": "PT1H", "rate": 0,
                     "victims": 0, "ports": [0, 443]},
                    {"type": "outage", "country": "UA", "start": "soon", "duration": "PT1H", "remaining": 1.2},
                    {"type": "flood", "country": "UA"}
                  ]
                }
                """;

        // When it is read
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class,
                () -> ScenarioReader.read(json, "broken"));

        // Then every problem is listed, each with the path of its field
        List<String> expected = List.of(
                "unknown field 'colour'",
                "seed: expected a whole number",
                "start: 'yesterday' is not an ISO-8601 UTC instant",
                "sensor: is required",
                "darknet: host bits are set",
                "timestamps: 'pico' is not one of micro, nano",
                "duration: must be a positive whole number of seconds",
                "countries[0].code: 'us' is not an ISO 3166-1 alpha-2 code",
                "countries[0].rate: must be 0..",
                "countries[1].dailyAmplitude: must be 0..1",
                "countries[2]: unknown field 'rat'",
                "countries[2].code: country UA is listed twice",
                "noise.spoofedShare: must be 0..1",
                "events[0].rate: must be > 0",
                "events[0].victims: must be 1..100000",
                "events[0].ports[0]: port must be 1..65535",
                "events[0].country: country KZ is not in the scenario's countries",
                "events[1].start: 'soon' is neither an ISO-8601 UTC instant",
                "events[1].remaining: must be 0..1",
                "events[2].type: 'flood' is not one of backscatter, outage, scan");
        for (String problem : expected) {
            assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(problem)),
                    "missing problem '" + problem + "' in:\n" + e.getMessage());
        }
        assertEquals(expected.size(), e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("scenario broken is invalid (20 problems):\n  - "), e.getMessage());
    }

    @Test
    void shouldRejectAnEventThatRunsPastTheEndOfTheCapture() {
        // Given an outage that starts inside the capture but ends after it
        String json = VALID.replace("\"start\": \"2022-02-24T04:00:00Z\", \"duration\": \"PT30M\"",
                "\"start\": \"PT5H30M\", \"duration\": \"PT1H\"");

        // When it is read, Then the problem names the event and both ends
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class,
                () -> ScenarioReader.read(json, "late"));
        assertEquals(List.of("events[1].duration: event ends at 2022-02-24T06:30:00Z, after the capture ends at "
                + "2022-02-24T06:00:00Z"), e.problems());
    }

    @Test
    void shouldPointAtTheLineOfMalformedJson() {
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class,
                () -> ScenarioReader.read("{\n  \"seed\": 1,\n  \"start\": \n}", "bad-json"));
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).startsWith("not valid JSON") && e.problems().get(0).contains("line 4"),
                e.getMessage());
    }

    @Test
    void shouldRejectAFieldGivenTwice() {
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class,
                () -> ScenarioReader.read(VALID.replace("\"seed\": 42,", "\"seed\": 42, \"seed\": 43,"), "twice"));
        assertTrue(e.problems().get(0).contains("Duplicate field 'seed'"), e.getMessage());
    }

    @Test
    void shouldReportEveryProblemOfARecordBuiltInCode() {
        // Given a country built directly rather than read from JSON
        // When two of its fields are out of range, Then both are reported together
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class,
                () -> new CountryProfile("ZZ", Double.NaN, 0, 0, 24));
        assertEquals(3, e.problems().size(), e.getMessage());
    }

    @Test
    void shouldParseDarknetPrefixesStrictly() {
        assertEquals(256, Ipv4Cidr.parse("203.0.113.0/24").size());
        assertTrue(Ipv4Cidr.parse("198.18.0.0/22").contains(Ipv4Cidr.parseAddress("198.18.3.255")));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parse("203.0.113.0"));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parse("203.0.113.256/24"));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parse("example.org/24"));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parse("203.0.113.0/33"));
    }
}
