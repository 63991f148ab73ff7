package io.darkwatch.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.simulator.SimulationReport.EventTally;
import io.darkwatch.simulator.pcap.TimestampPrecision;
import io.darkwatch.simulator.scenario.AppearEvent;
import io.darkwatch.simulator.scenario.CountryProfile;
import io.darkwatch.simulator.scenario.Ipv4Cidr;
import io.darkwatch.simulator.scenario.Noise;
import io.darkwatch.simulator.scenario.OutageEvent;
import io.darkwatch.simulator.scenario.PortDeclineEvent;
import io.darkwatch.simulator.scenario.Scenario;
import io.darkwatch.simulator.testing.CapturedFrame;
import io.darkwatch.simulator.testing.GeoFixtures;
import io.darkwatch.simulator.testing.PcapFile;
import io.darkwatch.simulator.traffic.PacketShapes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulates, as packet summaries, 8 hours in which CN's Telnet probes fall to a tenth over four hours
 * and IR is first heard five hours in (then has a one-hour outage), and checks the traffic against
 * the scenario; and checks that the summaries are the capture's packets.
 */
class NewEventsSimulationTest {
    private static final Instant START = Instant.parse("2022-03-01T00:00:00Z");
    private static final long HOUR = 3600;
    private static final PortDeclineEvent TELNET_DECLINE = new PortDeclineEvent("CN", START.plusSeconds(HOUR),
            Duration.ofHours(4), 23, 0.1);
    private static final AppearEvent IR_APPEARS = AppearEvent.at("IR", START.plusSeconds(5 * HOUR),
            START.plusSeconds(8 * HOUR));
    private static final OutageEvent IR_OUTAGE = new OutageEvent("IR", START.plusSeconds(6 * HOUR),
            Duration.ofHours(1), 0.0);
    private static final Scenario SCENARIO = new Scenario("new-events", "", 5, START, Duration.ofHours(8), "s9",
            Ipv4Cidr.parse("203.0.113.0/24"), TimestampPrecision.MICROS,
            List.of(new CountryProfile("CN", 4.0, 0.05, 0, 12), new CountryProfile("IR", 0.5, 0.1, 0, 12)),
            new Noise(0.2, 0), List.of(TELNET_DECLINE, IR_APPEARS, IR_OUTAGE));

    private static final List<PacketSummary> summaries = new ArrayList<>();
    private static SimulationReport report;

    @BeforeAll
    static void simulate() {
        report = new Simulator(GeoFixtures.addressBook()).summaries(SCENARIO, summaries::add);
    }

    private static long count(Predicate<PacketSummary> p) {
        return summaries.stream().filter(p).count();
    }

    private static Predicate<PacketSummary> from(String country, long fromHour, long toHour) {
        long from = START.getEpochSecond() + fromHour * HOUR;
        long to = START.getEpochSecond() + toHour * HOUR;
        return p -> p.country().equals(country) && p.timestampMillis() / 1000 >= from
                && p.timestampMillis() / 1000 < to;
    }

    private static void assertWithinPoisson(double expected, long actual, String what) {
        double tolerance = 4.5 * Math.sqrt(expected);
        assertTrue(Math.abs(actual - expected) <= tolerance, what + ": " + actual + ", expected " + expected
                + " ± " + tolerance);
    }

    @Test
    void shouldLowerTheDecliningPortsShareWhileTheCountryKeepsItsRate() {
        // Given the share of CN's probes that go to 23 (TCP), as the probe mix makes it
        double port23 = 0.95 * PacketShapes.probeShare(23);
        Predicate<PacketSummary> telnet = p -> p.protocol() == IpProtocol.TCP && p.dstPort() == 23;

        // Then before the decline CN sends its normal share to 23, after it a tenth of that
        assertWithinPoisson(4.0 * HOUR * port23, count(from("CN", 0, 1).and(telnet)), "port 23, first hour");
        assertWithinPoisson(3 * 4.0 * HOUR * port23 * 0.1, count(from("CN", 5, 8).and(telnet)),
                "port 23, last three hours");
        // And half-way it is in between (the mean of a linear fall from 1 to 0.1 over hours 2-3 is 0.6625)
        assertWithinPoisson(4.0 * HOUR * port23 * (1 - 0.9 * 1.5 / 4), count(from("CN", 2, 3).and(telnet)),
                "port 23, third hour");
        // And CN's packets stay at its rate every hour: the probes went to other ports
        for (int h = 0; h < 8; h++) {
            assertWithinPoisson(4.0 * HOUR, count(from("CN", h, h + 1)), "CN in hour " + h);
        }
        // And the report's count of moved probes is what the mix predicts
        EventTally decline = report.events().get(0);
        assertEquals("port-decline", decline.type());
        assertEquals(List.of(23), decline.ports());
        assertWithinPoisson(decline.expectedPackets(), decline.packets(), "moved probes");
        assertEquals(4.0 * port23 * HOUR * (0.9 * 4 / 2 + 0.9 * 3), decline.expectedPackets(), 1.0);
    }

    @Test
    void shouldSendNothingFromACountryBeforeItAppearsAndItsNormalTrafficAfterwards() {
        // Then IR is silent for five hours, sends at its rate in hours 5 and 7 and not during its outage
        assertEquals(0, count(from("IR", 0, 5)));
        assertWithinPoisson(0.5 * HOUR, count(from("IR", 5, 6)), "IR in its first hour");
        assertEquals(0, count(from("IR", 6, 7)));
        assertWithinPoisson(0.5 * HOUR, count(from("IR", 7, 8)), "IR in hour 7");

        // And the report counts its packets from the appearance on, and expects two hours of its rate
        EventTally appear = report.events().get(1);
        assertEquals("appear", appear.type());
        assertEquals(report.country("IR").packets(), appear.packets());
        assertEquals(0.5 * 2 * HOUR, appear.expectedPackets(), 1e-6);
        assertEquals(0.5 * 2 * HOUR, report.country("IR").expectedPackets(), 1e-6);
    }

    @Test
    void shouldGiveTheSummariesOfTheCapturesPacketsInTimeOrder(@TempDir Path dir) throws Exception {
        // Given the same scenario written as a capture
        Path capture = dir.resolve("new-events.pcap");
        SimulationReport written = new Simulator(GeoFixtures.addressBook()).run(SCENARIO, capture);
        List<CapturedFrame> frames = PcapFile.read(capture).frames();

        // Then the summaries are the frames, one by one, with the frame's length and the sensor id
        assertEquals(frames.size(), summaries.size());
        for (int i = 0; i < frames.size(); i++) {
            CapturedFrame f = frames.get(i);
            PacketSummary s = summaries.get(i);
            String at = "packet " + i;
            assertEquals(f.timestampNanos(), s.timestampNanos(), at);
            assertEquals(IpAddress.ofV4(f.src()), s.src(), at);
            assertEquals(IpAddress.ofV4(f.dst()), s.dst(), at);
            assertEquals(f.protocol(), s.protocol(), at);
            assertEquals(f.ttl(), s.ttl(), at);
            assertEquals(f.originalLength(), s.length(), at);
            if (f.protocol() != IpProtocol.ICMP) {
                assertEquals(f.srcPort(), s.srcPort(), at);
                assertEquals(f.dstPort(), s.dstPort(), at);
            } else {
                assertEquals(f.icmpType(), s.icmpType(), at);
            }
            assertEquals(f.protocol() == IpProtocol.TCP ? f.tcpFlags() : 0, s.tcpFlags(), at);
            assertEquals("s9", s.sensorId(), at);
            assertEquals(GeoFixtures.countryOf(f.src()), s.country(), at);
            if (i > 0) {
                assertTrue(s.timestampNanos() >= summaries.get(i - 1).timestampNanos(), at);
            }
        }
        // And the report is the capture's, but for the file
        assertEquals(written.countries(), report.countries());
        assertEquals(written.events(), report.events());
        assertEquals(written.packets(), report.packets());
        assertEquals("", report.capture());
    }
}
