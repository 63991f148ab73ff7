package io.darkwatch.streams.topology;

import static io.darkwatch.streams.testing.PacketTraffic.Kind.BACKSCATTER;
import static io.darkwatch.streams.testing.PacketTraffic.Kind.SCAN;
import static io.darkwatch.streams.testing.PacketTraffic.Kind.UDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.anomaly.Severity;
import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.packet.TcpFlags;
import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.streams.distinct.DistinctSketch;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.enrich.AsOrganizations;
import io.darkwatch.streams.enrich.AsOwner;
import io.darkwatch.streams.testing.PacketTraffic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

class DarkwatchTopologyTest {
    private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long WINDOW = 5 * MINUTE;
    /** Defaults, with a one-hour warm-up and one day of history so that tests need hours, not days, of traffic. */
    private static final DetectorSettings SETTINGS = DetectorSettings.defaults()
            .with(Map.of("baseline.min-windows", "12", "baseline.windows", "288"));

    /** Scans, backscatter and UDP at {@code perSecond} in all, 70/20/10. */
    private static void steady(PacketTraffic traffic, String country, double perSecond, long from, long to) {
        traffic.add(country, SCAN, 0.7 * perSecond, from, to)
                .add(country, BACKSCATTER, 0.2 * perSecond, from, to)
                .add(country, UDP, 0.1 * perSecond, from, to);
    }

    private static List<Anomaly> of(List<Anomaly> events, String country, AnomalyType type) {
        return events.stream().filter(a -> a.country().equals(country) && a.type() == type).toList();
    }

    @Test
    void shouldFlagSynAckSurgeFromOneCountryOnly() {
        // Given three countries at 0.5 packets/s, and UA's victims answering four times as much for an hour
        long surgeStart = T0 + 3 * HOUR;
        long surgeEnd = surgeStart + HOUR;
        long end = surgeEnd + HOUR;
        PacketTraffic traffic = new PacketTraffic(1);
        for (String c : List.of("DE", "FR", "UA")) {
            steady(traffic, c, 0.5, T0, end);
        }
        traffic.add("UA", BACKSCATTER, 0.3, surgeStart, surgeEnd);

        // When the topology processes it, with heartbeats every minute
        try (TopologyHarness h = new TopologyHarness(SETTINGS)) {
            h.send(traffic.sorted());
            h.heartbeats(end, end + 10 * MINUTE);
            List<Anomaly> events = h.anomalies();

            // Then only UA has an episode, a backscatter surge whose onset is within two windows of the surge
            assertEquals(Set.of("UA"), events.stream().map(Anomaly::country).collect(Collectors.toSet()), events::toString);
            assertEquals(Set.of(AnomalyType.BACKSCATTER_SURGE), events.stream().map(Anomaly::type)
                    .collect(Collectors.toSet()));
            Anomaly open = events.get(0);
            assertEquals(EpisodeStatus.OPEN, open.status());
            long onsetLag = open.episodeStart().toEpochMilli() - surgeStart;
            assertTrue(onsetLag >= 0 && onsetLag <= 2 * WINDOW, "onset " + open.episodeStart());
            assertEquals(Anomaly.CURRENT_VERSION, open.version());
            assertEquals("backscatter-surge", open.detector());
            assertEquals("backscatter-surge-UA-" + open.episodeStart().getEpochSecond(), open.id());
            assertTrue(open.observed() >= 2 * open.expected(), open::toString);

            // And its details name the busiest victim, the ports the victims answered from and how many there were
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> victims = (List<Map<String, Object>>) open.details().get("topVictims");
            assertEquals(PacketTraffic.victim("UA", 0).toString(), victims.get(0).get("address"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> ports = (List<Map<String, Object>>) open.details().get("victimPorts");
            assertEquals(Set.of(80, 443), ports.stream().map(p -> ((Number) p.get("port")).intValue())
                    .collect(Collectors.toSet()));
            assertEquals(4, ((Number) open.details().get("distinctVictims")).intValue());

            // And the episode is resolved under the same id, about an hour long
            Anomaly resolved = events.get(events.size() - 1);
            assertEquals(EpisodeStatus.RESOLVED, resolved.status());
            assertEquals(open.id(), resolved.id());
            long duration = ((Number) resolved.details().get("durationSeconds")).longValue();
            assertTrue(Math.abs(duration - 3600) <= 2 * WINDOW / 1000, "duration " + duration);
            assertEquals(1.0, h.registry.get("darkwatch.anomalies").tags("type", "backscatter_surge", "status", "open")
                    .counter().count());
        }
    }

    @Test
    void shouldNameTheOrganisationOfEachKnownVictimInTheBackscatterEvent() {
        // Given an ASN database that knows UA's busiest victim, and UA's victims answering four times as much
        String busiest = PacketTraffic.victim("UA", 0).toString();
        AsOrganizations owners = address -> address.equals(busiest)
                ? Optional.of(new AsOwner(64511, "Example Bank")) : Optional.empty();
        long surgeStart = T0 + 3 * HOUR;
        PacketTraffic traffic = new PacketTraffic(1);
        steady(traffic, "UA", 0.5, T0, surgeStart + 2 * HOUR);
        traffic.add("UA", BACKSCATTER, 0.3, surgeStart, surgeStart + HOUR);

        // When the topology processes it
        try (TopologyHarness h = new TopologyHarness(SETTINGS, owners)) {
            h.send(traffic.sorted());
            h.heartbeats(surgeStart + 2 * HOUR, surgeStart + 2 * HOUR + 10 * MINUTE);
            Anomaly open = h.anomalies().get(0);

            // Then the busiest victim carries that organisation, and the others none
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> victims = (List<Map<String, Object>>) open.details().get("topVictims");
            assertEquals(busiest, victims.get(0).get("address"));
            assertEquals("Example Bank", victims.get(0).get("asOrganization"));
            assertTrue(victims.subList(1, victims.size()).stream().noneMatch(v -> v.containsKey("asOrganization")),
                    victims::toString);
        }
    }

    @Test
    void shouldReportAndResolveTheOutageOfACountryThatFallsSilentWhileOthersSend() {
        // Given KZ and DE at 0.3 packets/s, and KZ sending nothing at all for two hours
        long silenceStart = T0 + 3 * HOUR;
        long silenceEnd = silenceStart + 2 * HOUR;
        long end = silenceEnd + HOUR;
        PacketTraffic traffic = new PacketTraffic(2);
        steady(traffic, "DE", 0.3, T0, end);
        steady(traffic, "KZ", 0.3, T0, silenceStart);
        steady(traffic, "KZ", 0.3, silenceEnd, end);

        // When the topology processes it: KZ's windows are closed by DE's traffic and the heartbeats
        try (TopologyHarness h = new TopologyHarness(SETTINGS)) {
            h.send(traffic.sorted());
            h.heartbeats(end, end + 10 * MINUTE);

            // Then KZ gets zero windows during the silence
            List<CountryWindow> silent = h.windows().stream().filter(w -> w.country().equals("KZ")
                    && !w.windowStart().isBefore(Instant.ofEpochMilli(silenceStart))
                    && w.windowEnd().isBefore(Instant.ofEpochMilli(silenceEnd + 1))).toList();
            assertEquals(24, silent.size());
            assertTrue(silent.stream().allMatch(w -> w.packets() == 0), silent::toString);

            // And a critical outage opens at the first silent window and resolves when KZ is back, two hours long
            List<Anomaly> events = h.anomalies();
            assertEquals(List.of(), of(events, "DE", AnomalyType.OUTAGE));
            List<Anomaly> outage = of(events, "KZ", AnomalyType.OUTAGE);
            Anomaly open = outage.get(0);
            assertEquals(EpisodeStatus.OPEN, open.status());
            assertEquals(Severity.CRITICAL, open.severity());
            assertEquals(Instant.ofEpochMilli(silenceStart), open.episodeStart());
            assertEquals(0.0, open.observed());
            assertEquals(1.0, ((Number) open.details().get("dropRatio")).doubleValue());
            Anomaly resolved = outage.get(outage.size() - 1);
            assertEquals(EpisodeStatus.RESOLVED, resolved.status());
            assertEquals(open.id(), resolved.id());
            assertEquals(Instant.ofEpochMilli(silenceEnd), resolved.episodeEnd());
            assertEquals(7200L, ((Number) resolved.details().get("durationSeconds")).longValue());
            assertEquals("recovered", resolved.details().get("resolution"));
            // (24 silent windows: OPEN at the second, one ONGOING twelve windows later, RESOLVED after three normal)
            assertEquals(List.of(EpisodeStatus.OPEN, EpisodeStatus.ONGOING, EpisodeStatus.RESOLVED),
                    outage.stream().map(Anomaly::status).toList());
        }
    }

    @Test
    void shouldFindTheOutageThatAHeavyScannerHidesFromPacketsOnUniqueSources() {
        // Given KZ at 0.5 packets/s from thousands of addresses, then for two hours only one scanner of
        // KZ sending 1 packet/s (twice KZ's usual packets), while DE sends steadily
        long shutdown = T0 + 3 * HOUR;
        long back = shutdown + 2 * HOUR;
        long end = back + HOUR;
        PacketTraffic traffic = new PacketTraffic(5);
        steady(traffic, "DE", 0.3, T0, end);
        steady(traffic, "KZ", 0.5, T0, shutdown);
        traffic.addScanner("KZ", IpAddress.ofV4(0xCB00_7107), 1.0, shutdown, back);
        steady(traffic, "KZ", 0.5, back, end);

        // When the outage detector follows unique sources, Then a critical outage opens at the shutdown
        try (TopologyHarness h = new TopologyHarness(SETTINGS.with(Map.of("outage.signal", "unique-sources")))) {
            h.send(traffic.sorted());
            h.heartbeats(end, end + 10 * MINUTE);
            List<Anomaly> outage = of(h.anomalies(), "KZ", AnomalyType.OUTAGE);
            assertEquals(List.of(EpisodeStatus.OPEN, EpisodeStatus.ONGOING, EpisodeStatus.RESOLVED),
                    outage.stream().map(Anomaly::status).toList());
            assertEquals(Instant.ofEpochMilli(shutdown), outage.get(0).episodeStart());
            assertEquals(Severity.CRITICAL, outage.get(0).severity());
            assertEquals(1.0, outage.get(0).observed());
            // (about 0.5 × 0.8 × 300 = 120 non-backscatter packets a window, nearly all from distinct addresses)
            assertTrue(outage.get(0).expected() > 100 && outage.get(0).expected() < 140, outage.toString());
            assertEquals(Instant.ofEpochMilli(back), outage.get(2).episodeEnd());
            assertEquals(List.of(), of(h.anomalies(), "DE", AnomalyType.OUTAGE));
        }
        // When it follows packets, Then the scanner's packets hide the shutdown
        try (TopologyHarness h = new TopologyHarness(SETTINGS)) {
            h.send(traffic.sorted());
            h.heartbeats(end, end + 10 * MINUTE);
            assertEquals(List.of(), of(h.anomalies(), "KZ", AnomalyType.OUTAGE));
        }
    }

    @Test
    void shouldCountButNeverJudgeTheUnknownCountry() {
        // Given ZZ (special-purpose and unmapped sources) falling silent exactly as KZ does above
        long silenceStart = T0 + 2 * HOUR;
        PacketTraffic traffic = new PacketTraffic(4);
        steady(traffic, "ZZ", 0.3, T0, silenceStart);

        // When the topology processes it
        try (TopologyHarness h = new TopologyHarness(SETTINGS)) {
            h.send(traffic.sorted());
            h.heartbeats(silenceStart, silenceStart + HOUR);

            // Then its windows are counted, zeros included, but no anomaly is claimed for "nowhere"
            assertTrue(h.windows().stream().anyMatch(w -> w.country().equals("ZZ") && w.packets() > 0));
            assertTrue(h.windows().stream().anyMatch(w -> w.country().equals("ZZ") && w.packets() == 0));
            assertEquals(List.of(), h.anomalies());
        }
    }

    @Test
    void shouldSeeTheDropToZeroOfTheOnlyCountryThroughHeartbeatsAlone() {
        // Given KZ alone at 0.3 packets/s for two hours, then nothing but the sensor's heartbeats
        long silenceStart = T0 + 2 * HOUR;
        PacketTraffic traffic = new PacketTraffic(3);
        steady(traffic, "KZ", 0.3, T0, silenceStart);

        // When the topology processes it
        try (TopologyHarness h = new TopologyHarness(SETTINGS)) {
            h.send(traffic.sorted());
            h.heartbeats(silenceStart, silenceStart + HOUR);

            // Then the outage is opened from the first silent window
            List<Anomaly> outage = of(h.anomalies(), "KZ", AnomalyType.OUTAGE);
            assertFalse(outage.isEmpty(), "no outage reported");
            assertEquals(EpisodeStatus.OPEN, outage.get(0).status());
            assertEquals(Instant.ofEpochMilli(silenceStart), outage.get(0).episodeStart());
        }
    }

    @Test
    void shouldDropAndCountPacketsThatArriveAfterTheirWindowClosed() {
        try (TopologyHarness h = new TopologyHarness(SETTINGS)) {
            // Given packets in the first window, one of them arriving after the window ended but within grace
            h.send(packet("DE", T0 + 10_000));
            h.send(packet("DE", T0 + WINDOW + 10_000));
            h.send(packet("DE", T0 + 4 * MINUTE));

            // When stream time passes the first window's end plus grace, and then a packet of it arrives
            h.heartbeat(T0 + WINDOW + 40_000);
            h.send(packet("DE", T0 + 4 * MINUTE + 30_000));
            h.heartbeat(T0 + 2 * WINDOW + 40_000);

            // Then the first window has the two packets in time, the late one is counted and dropped
            List<CountryWindow> windows = h.windows();
            assertEquals(List.of(2L, 1L), windows.stream().map(CountryWindow::packets).toList());
            assertEquals(1.0, h.counter("darkwatch.records.late"));
            assertEquals(2.0, h.counter("darkwatch.windows.closed"));
        }
    }

    @Test
    void shouldEmitOneWindowPerKnownCountryInOrderWithZerosAndTheTopEntries() {
        DetectorSettings topTwo = SETTINGS.with(Map.of("signal.top-n", "2"));
        try (TopologyHarness h = new TopologyHarness(topTwo)) {
            // Given DE scanning ports 22 (3x), 80 (2x) and 443 (1x), and answering SYN/ACK from three victims
            IpAddress a = IpAddress.parse("198.51.100.1");
            IpAddress b = IpAddress.parse("198.51.100.2");
            IpAddress c = IpAddress.parse("198.51.100.3");
            int[] scanPorts = {22, 22, 22, 80, 80, 443};
            for (int i = 0; i < scanPorts.length; i++) {
                h.send(tcp("DE", T0 + i * 1000, IpAddress.parse("203.0.113.9"), 40000, scanPorts[i], TcpFlags.SYN));
            }
            h.send(tcp("DE", T0 + 10_000, a, 443, 50000, TcpFlags.SYN | TcpFlags.ACK));
            h.send(tcp("DE", T0 + 11_000, a, 443, 50001, TcpFlags.SYN | TcpFlags.ACK));
            h.send(tcp("DE", T0 + 12_000, b, 80, 50002, TcpFlags.SYN | TcpFlags.ACK));
            h.send(tcp("DE", T0 + 13_000, c, 80, 50003, TcpFlags.SYN | TcpFlags.ACK));
            h.send(tcp("DE", T0 + 14_000, c, 0, 50004, TcpFlags.RST));
            // And FR heard once
            h.send(packet("FR", T0 + 60_000));

            // When stream time jumps twenty minutes ahead
            h.heartbeat(T0 + 20 * MINUTE);

            // Then both countries get the three closed windows, in order, the later two with zeros
            List<CountryWindow> windows = h.windows();
            assertEquals(List.of("DE@0", "FR@0", "DE@5", "FR@5", "DE@10", "FR@10"), windows.stream()
                    .map(w -> w.country() + "@" + (w.windowStart().toEpochMilli() - T0) / MINUTE).toList());
            assertEquals(CountryWindow.silent("FR", Instant.ofEpochMilli(T0 + WINDOW),
                    Instant.ofEpochMilli(T0 + 2 * WINDOW)), windows.get(3));

            // And DE's first window holds the counts, with the top two ports and victims
            CountryWindow de = windows.get(0);
            assertEquals(11, de.packets());
            assertEquals(4, de.synAck());
            assertEquals(5, de.backscatter());
            assertEquals(6, de.scan());
            assertEquals(Map.of(TcpFlags.SYN, 6L, TcpFlags.SYN | TcpFlags.ACK, 4L, TcpFlags.RST, 1L), de.flagCounts());
            assertEquals(Map.of(22, 3L, 80, 2L), de.dstPortCounts());
            assertEquals(1 + 5, de.otherPortPackets());
            assertEquals(Map.of(a.toString(), 2L, b.toString(), 1L), de.synAckSources());
            assertEquals(Map.of(443, 2L, 80, 2L), de.synAckPorts());
            assertEquals(3.0, h.counter("darkwatch.windows.closed"));
        }
    }

    @Test
    void shouldForgetACountryAfterALongSilenceAndKnowItAgainWhenItReturns() {
        DetectorSettings shortMemory = SETTINGS.with(Map.of("baseline.windows", "12", "baseline.min-windows", "6",
                "country.forget-after", "1h"));
        try (TopologyHarness h = new TopologyHarness(shortMemory)) {
            // Given FR heard once, then DE's traffic moving stream time on for three hours
            h.send(packet("FR", T0 + 1000));
            for (long t = T0; t < T0 + 3 * HOUR; t += MINUTE) {
                h.send(packet("DE", t));
            }
            long frWindowsBefore = h.windows().stream().filter(w -> w.country().equals("FR")).count();

            // When FR is heard again
            h.send(packet("FR", T0 + 3 * HOUR));
            h.heartbeat(T0 + 3 * HOUR + 2 * WINDOW);

            // Then FR had windows for an hour after it was last heard, none after, and has them again now
            assertEquals(13, frWindowsBefore);
            assertEquals(1.0, h.counter("darkwatch.countries.forgotten"));
            assertTrue(h.windows().stream().anyMatch(w -> w.country().equals("FR")
                    && w.windowStart().toEpochMilli() == T0 + 3 * HOUR && w.packets() == 1));
        }
    }

    @Test
    void shouldCountAndDropAPacketWhoseCountryIsNotACountryCode() {
        try (TopologyHarness h = new TopologyHarness(SETTINGS)) {
            // Given a packet whose country is not two letters
            h.send(packet("1x", T0));
            h.heartbeat(T0 + 2 * WINDOW);

            // Then it is counted as invalid and no window mentions it
            assertEquals(1.0, h.registry.get("darkwatch.records.invalid").tag("reason", "country").counter().count());
            assertEquals(List.of(), h.windows());
        }
    }

    @Test
    void shouldRaiseNoAnomalyOnSteadyPoissonTraffic() {
        // Given five countries of steady Poisson traffic between 0.15 and 0.6 packets/s for eight hours
        long end = T0 + 8 * HOUR;
        PacketTraffic traffic = new PacketTraffic(5);
        double[] rates = {0.15, 0.2, 0.3, 0.45, 0.6};
        String[] countries = {"BR", "CN", "IN", "RU", "US"};
        for (int i = 0; i < rates.length; i++) {
            steady(traffic, countries[i], rates[i], T0, end);
        }

        // When the topology processes it
        try (TopologyHarness h = new TopologyHarness(SETTINGS)) {
            h.send(traffic.sorted());
            h.heartbeats(end, end + WINDOW);

            // Then every country has every window, and nothing is reported
            List<CountryWindow> windows = h.windows();
            assertEquals(5 * 96, windows.size());
            assertEquals(List.of(), h.anomalies());
            assertEquals(Duration.ofMinutes(5).toMillis(), windows.get(0).windowEnd().toEpochMilli()
                    - windows.get(0).windowStart().toEpochMilli());
        }
    }

    private static PacketSummary packet(String country, long millis) {
        return tcp(country, millis, IpAddress.parse("203.0.113.7"), 40000, 23, TcpFlags.SYN);
    }

    private static PacketSummary tcp(String country, long millis, IpAddress src, int srcPort, int dstPort, int flags) {
        return new PacketSummary(millis * 1_000_000L, "s1", src, IpAddress.parse("192.0.2.1"), IpProtocol.TCP, srcPort,
                dstPort, flags, -1, -1, 60, 60, country, 0, 0);
    }
}
