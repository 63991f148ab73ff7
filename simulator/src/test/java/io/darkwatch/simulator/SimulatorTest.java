package io.darkwatch.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.simulator.SimulationReport.CountryTally;
import io.darkwatch.simulator.SimulationReport.EventTally;
import io.darkwatch.simulator.pcap.TimestampPrecision;
import io.darkwatch.simulator.scenario.BackscatterEvent;
import io.darkwatch.simulator.scenario.CountryProfile;
import io.darkwatch.simulator.scenario.Ipv4Cidr;
import io.darkwatch.simulator.scenario.Noise;
import io.darkwatch.simulator.scenario.OutageEvent;
import io.darkwatch.simulator.scenario.ScanEvent;
import io.darkwatch.simulator.scenario.Scenario;
import io.darkwatch.simulator.testing.CapturedFrame;
import io.darkwatch.simulator.testing.GeoFixtures;
import io.darkwatch.simulator.testing.PcapFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulates one 3-hour scenario with every kind of event once, parses the capture with the test's
 * own pcap reader, geolocates every source with maxmind-db, and checks the report against it.
 */
class SimulatorTest {
    private static final Instant START = Instant.parse("2022-02-24T00:00:00Z");
    private static final Ipv4Cidr DARKNET = Ipv4Cidr.parse("203.0.113.0/24");
    private static final BackscatterEvent SURGE = new BackscatterEvent("UA", START.plus(Duration.ofHours(1)),
            Duration.ofMinutes(30), 2.0, 12, List.of(80, 443));
    private static final OutageEvent SHUTDOWN = new OutageEvent("KZ", START.plus(Duration.ofMinutes(90)),
            Duration.ofHours(1), 0.0);
    private static final ScanEvent TELNET_SCAN = new ScanEvent("US", START.plus(Duration.ofHours(2)),
            Duration.ofMinutes(10), 5.0, List.of(23, 2323), 8);
    private static final Scenario SCENARIO = scenario(11, TimestampPrecision.MICROS);

    @TempDir
    static Path dir;
    private static Path capture;
    private static SimulationReport report;
    private static List<CapturedFrame> frames;
    private static List<String> countries;
    private static final List<SimulationProgress> progress = new ArrayList<>();

    private static Scenario scenario(long seed, TimestampPrecision precision) {
        return new Scenario("simulator-test", "", seed, START, Duration.ofHours(3), "test-sensor", DARKNET, precision,
                List.of(new CountryProfile("US", 3.0, 0.05, 0, 12), new CountryProfile("UA", 0.5, 0.1, 0, 12),
                        new CountryProfile("KZ", 0.8, 0.05, 0, 12)),
                new Noise(0.5, 0.5), List.of(SURGE, SHUTDOWN, TELNET_SCAN));
    }

    @BeforeAll
    static void simulateOnce() throws Exception {
        capture = dir.resolve("truth.pcap");
        report = new Simulator(GeoFixtures.addressBook()).run(SCENARIO, capture, progress::add);
        frames = PcapFile.read(capture).frames();
        countries = frames.stream().map(f -> GeoFixtures.countryOf(f.src())).toList();
    }

    @Test
    void shouldWriteFramesWithValidChecksumsInTimeOrderInsideTheCapture() throws Exception {
        assertEquals(report.packets(), frames.size());
        assertEquals(Files.size(capture), report.bytes());
        assertFalse(Files.exists(dir.resolve("truth.pcap.part")), "the partial file is moved into place");
        long previous = Long.MIN_VALUE;
        for (CapturedFrame f : frames) {
            assertTrue(f.ipChecksumOk() && f.transportChecksumOk(), "checksum of " + f);
            assertTrue(f.timestampNanos() >= previous, "time order at " + f);
            assertTrue(f.epochSecond() >= START.getEpochSecond() && f.epochSecond() < SCENARIO.end().getEpochSecond());
            assertTrue(DARKNET.contains(f.dst()), "destination outside the darknet: " + f);
            assertEquals(0, f.timestampNanos() % 1_000, "µs capture");
            previous = f.timestampNanos();
        }
    }

    @Test
    void shouldCountEveryPacketForTheCountryTheDatabasePlacesItsSourceIn() {
        // Given every frame's source geolocated independently of the simulator
        Map<String, Long> packets = new HashMap<>();
        Map<String, Long> backscatter = new HashMap<>();
        for (int i = 0; i < frames.size(); i++) {
            packets.merge(countries.get(i), 1L, Long::sum);
            if (frames.get(i).isBackscatter()) {
                backscatter.merge(countries.get(i), 1L, Long::sum);
            }
        }

        // Then the report's per-country counts are exactly those, noise countries included
        assertEquals(packets.keySet(), report.countries().keySet());
        report.countries().forEach((code, tally) -> {
            assertEquals(packets.get(code), tally.packets(), "packets from " + code);
            assertEquals(backscatter.getOrDefault(code, 0L), tally.backscatter(), "backscatter from " + code);
        });
        assertEquals(report.packets(), report.countries().values().stream().mapToLong(CountryTally::packets).sum());
        long noise = report.countries().values().stream().filter(t -> !t.named()).mapToLong(
                CountryTally::packets).sum();
        assertEquals(report.noisePackets(), noise, "noise comes only from countries the scenario does not name");
        assertTrue(report.countries().size() > 20, "noise spreads over the world: " + report.countries().keySet());
    }

    @Test
    void shouldKeepCountsWithinPoissonToleranceOfTheirRates() {
        // Each count is a sum of independent Poisson draws: its variance is its mean.
        for (String code : List.of("US", "UA", "KZ")) {
            CountryTally t = report.country(code);
            assertWithinPoisson(t.expectedPackets(), t.packets(), code);
        }
        assertWithinPoisson(0.5 * 3 * 3600, report.noisePackets(), "noise");
        assertWithinPoisson(report.expectedPackets(), report.packets(), "total");
        assertWithinPoisson(3.0 * 3 * 3600 + 5.0 * 600, report.country("US").packets(), "US by hand");
        for (EventTally e : report.events()) {
            if (!e.type().equals("outage")) {
                assertWithinPoisson(e.expectedPackets(), e.packets(), "event " + e.index());
            }
        }
    }

    private static void assertWithinPoisson(double expected, long actual, String what) {
        double tolerance = 4.5 * Math.sqrt(expected);
        assertTrue(Math.abs(actual - expected) <= tolerance, what + ": " + actual + " packets, expected " + expected
                + " ± " + tolerance);
    }

    @Test
    void shouldSilenceACountryCompletelyDuringAFullOutage() {
        // Given KZ's frames
        Predicate<Integer> inOutage = i -> SHUTDOWN.covers(frames.get(i).epochSecond());
        long during = countWhere(i -> "KZ".equals(countries.get(i)) && inOutage.test(i));
        long before = countWhere(i -> "KZ".equals(countries.get(i))
                && frames.get(i).epochSecond() < SHUTDOWN.start().getEpochSecond());
        long after = countWhere(i -> "KZ".equals(countries.get(i))
                && frames.get(i).epochSecond() >= SHUTDOWN.end().getEpochSecond());

        // Then none fall inside the outage, while KZ sends at its rate before and after
        assertEquals(0, during);
        assertWithinPoisson(0.8 * 5400, before, "KZ before the outage");
        assertWithinPoisson(0.8 * 1800, after, "KZ after the outage");
        EventTally outage = report.events().get(1);
        assertEquals(0, outage.packets());
        assertEquals(0.8 * 3600, outage.expectedPackets(), 1e-6);
    }

    @Test
    void shouldInjectSynAckFromTheEventsVictimsOnTheEventsPorts() {
        // Given the surge's victims as the report names them
        EventTally surge = report.events().get(0);
        Set<Integer> victims = surge.sources().stream().map(Ipv4Cidr::parseAddress).collect(Collectors.toSet());
        assertEquals(12, victims.size());
        assertEquals(List.of(80, 443), surge.ports());

        // Then every SYN/ACK from a victim lies inside the event, comes from port 80 or 443, and is from UA
        List<Integer> fromVictims = indicesWhere(i -> victims.contains(frames.get(i).src()));
        assertEquals(surge.packets(), fromVictims.size());
        for (int i : fromVictims) {
            CapturedFrame f = frames.get(i);
            assertTrue(f.isSynAck(), "not SYN/ACK: " + f);
            assertTrue(SURGE.covers(f.epochSecond()), "outside the event: " + f);
            assertTrue(f.srcPort() == 80 || f.srcPort() == 443, "port " + f.srcPort());
            assertEquals("UA", countries.get(i));
        }
        // And every victim answers, and UA's SYN/ACK rate is far above its normal backscatter
        assertEquals(victims, fromVictims.stream().map(i -> frames.get(i).src()).collect(Collectors.toSet()));
        double surgeRate = countWhere(i -> "UA".equals(countries.get(i)) && frames.get(i).isSynAck()
                && SURGE.covers(frames.get(i).epochSecond())) / 1800.0;
        double normalRate = countWhere(i -> "UA".equals(countries.get(i)) && frames.get(i).isSynAck()
                && !SURGE.covers(frames.get(i).epochSecond())) / (3 * 3600.0 - 1800);
        assertTrue(surgeRate > 20 * normalRate, "surge " + surgeRate + " vs normal " + normalRate);
    }

    @Test
    void shouldInjectSynProbesFromTheScannersToTheScannedPorts() {
        EventTally scan = report.events().get(2);
        Set<Integer> scanners = scan.sources().stream().map(Ipv4Cidr::parseAddress).collect(Collectors.toSet());
        assertEquals(8, scanners.size());
        List<Integer> fromScanners = indicesWhere(i -> scanners.contains(frames.get(i).src()));
        assertEquals(scan.packets(), fromScanners.size());
        for (int i : fromScanners) {
            CapturedFrame f = frames.get(i);
            assertTrue(f.isSynOnly() && (f.dstPort() == 23 || f.dstPort() == 2323), "not a Telnet probe: " + f);
            assertTrue(TELNET_SCAN.covers(f.epochSecond()), "outside the event: " + f);
            assertEquals("US", countries.get(i));
        }
    }

    @Test
    void shouldGiveLikelySpoofedMarksToSpoofedNoiseOnly() {
        // corsaro's marks: source last octet 0/255, TTL > 200 without TCP options, port 0, UDP to port 80.
        Predicate<CapturedFrame> spoofMark = f -> (f.src() & 0xff) == 0 || (f.src() & 0xff) == 255
                || (f.protocol() == 6 && f.ttl() > 200 && f.tcpDataOffset() == 5)
                || (f.protocol() != 1 && (f.srcPort() == 0 || f.dstPort() == 0))
                || (f.protocol() == 17 && f.dstPort() == 80);
        Set<String> named = SCENARIO.countryCodes();
        List<Integer> marked = indicesWhere(i -> spoofMark.test(frames.get(i)));
        assertEquals(report.spoofedPackets(), marked.size());
        assertTrue(report.spoofedPackets() > 0);
        for (int i : marked) {
            assertFalse(named.contains(countries.get(i)), "a named country's packet looks spoofed: "
                    + frames.get(i));
        }
        assertWithinPoisson(0.5 * 0.5 * 3 * 3600, report.spoofedPackets(), "spoofed noise");
    }

    @Test
    void shouldWriteTheSameBytesForTheSameScenarioAndOtherBytesForAnotherSeed() throws Exception {
        // Given the same scenario simulated again by a fresh simulator, and once with another seed
        Path again = Files.createDirectories(dir.resolve("again")).resolve("truth.pcap");
        Path reseeded = dir.resolve("reseeded.pcap");
        SimulationReport againReport = new Simulator(GeoFixtures.addressBook()).run(SCENARIO, again);
        new Simulator(GeoFixtures.addressBook()).run(scenario(12, TimestampPrecision.MICROS), reseeded);

        // Then the first is byte for byte the same capture with the same report; the second differs
        assertEquals(-1, Files.mismatch(capture, again));
        assertEquals(report, againReport);
        assertNotEquals(-1, Files.mismatch(capture, reseeded));
    }

    @Test
    void shouldRoundTripTheReportThroughJsonBesideTheCapture() throws Exception {
        Path json = report.writeJsonBeside(capture);
        assertEquals(dir.resolve("truth.report.json"), json);
        assertEquals(report, SimulationReport.readJson(json));
        assertTrue(Files.readString(json).contains("\"start\" : \"2022-02-24T00:00:00Z\""));
    }

    @Test
    void shouldReportProgressEveryFiveCaptureMinutesUpToTheEnd() {
        assertEquals(3 * 12, progress.size());
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i).fractionDone() > progress.get(i - 1).fractionDone());
            assertTrue(progress.get(i).packetsWritten() >= progress.get(i - 1).packetsWritten());
        }
        SimulationProgress last = progress.get(progress.size() - 1);
        assertEquals(1.0, last.fractionDone());
        assertEquals(SCENARIO.end(), last.simulatedTime());
        assertEquals(report.packets(), last.packetsWritten());
    }

    @Test
    void shouldFollowTheDailyRhythm() throws Exception {
        // Given one country at 0.5 pkt/s swinging ±80 % around a 12:00 UTC peak, for a day
        Scenario day = new Scenario("rhythm", "", 3, START, Duration.ofHours(24), "s", DARKNET,
                TimestampPrecision.NANOS, List.of(new CountryProfile("DE", 0.5, 0.05, 0.8, 12)), Noise.NONE,
                List.of());
        Path file = dir.resolve("rhythm.pcap");
        SimulationReport dayReport = new Simulator(GeoFixtures.addressBook()).run(day, file);
        PcapFile pcap = PcapFile.read(file);

        // Then 11:00–13:00 carries several times the packets of 23:00–01:00, and ns timestamps are kept
        long noon = pcap.frames().stream().filter(f -> hourOf(f) == 11 || hourOf(f) == 12).count();
        long midnight = pcap.frames().stream().filter(f -> hourOf(f) == 23 || hourOf(f) == 0).count();
        assertTrue(noon > 4 * midnight, "noon " + noon + " vs midnight " + midnight);
        assertEquals(0xa1b23c4d, pcap.magic());
        assertTrue(pcap.frames().stream().anyMatch(f -> f.timestampNanos() % 1_000 != 0));
        assertWithinPoisson(0.5 * 86_400, dayReport.packets(), "a day of DE");
    }

    @Test
    void shouldNameACountryTheDatabaseDoesNotKnow() {
        Scenario unknown = new Scenario("unknown", "", 1, START, Duration.ofMinutes(1), "s", DARKNET,
                TimestampPrecision.MICROS, List.of(new CountryProfile("XX", 1, 0, 0, 12)), Noise.NONE, List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Simulator(GeoFixtures.addressBook()).run(unknown, dir.resolve("never.pcap")));
        assertTrue(e.getMessage().contains("XX"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("never.pcap")));
    }

    private static long countWhere(Predicate<Integer> p) {
        return indicesWhere(p).size();
    }

    private static List<Integer> indicesWhere(Predicate<Integer> p) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            if (p.test(i)) {
                out.add(i);
            }
        }
        return out;
    }

    private static int hourOf(CapturedFrame f) {
        return (int) (Math.floorMod(f.epochSecond(), 86_400L) / 3600);
    }
}
