package io.darkwatch.streams.topology;

import static io.darkwatch.streams.testing.PacketTraffic.Kind.BACKSCATTER;
import static io.darkwatch.streams.testing.PacketTraffic.Kind.SCAN;
import static io.darkwatch.streams.testing.PacketTraffic.Kind.UDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.testing.PacketTraffic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.Test;

/** The query API's stores, fed by the real topology in a TopologyTestDriver. */
class QueryStoresTest {
    private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final DetectorSettings SETTINGS = DetectorSettings.defaults()
            .with(Map.of("baseline.min-windows", "12", "baseline.windows", "288"));

    /** Scans, backscatter and UDP at {@code perSecond} in all per country, 70/20/10. */
    private static PacketTraffic steady(long seed, List<String> countries, double perSecond, long from, long to) {
        PacketTraffic traffic = new PacketTraffic(seed);
        for (String c : countries) {
            traffic.add(c, SCAN, 0.7 * perSecond, from, to).add(c, BACKSCATTER, 0.2 * perSecond, from, to)
                    .add(c, UDP, 0.1 * perSecond, from, to);
        }
        return traffic;
    }

    @Test
    void shouldKeepEveryPublishedWindowUnderItsCountryAndStartAndEachCountrysNewest() {
        // Given two hours of traffic from three countries
        try (TopologyHarness h = new TopologyHarness(SETTINGS)) {
            h.send(steady(3, List.of("DE", "KZ", "UA"), 0.1, T0, T0 + 2 * HOUR).sorted());
            h.heartbeats(T0 + 2 * HOUR, T0 + 2 * HOUR + MINUTE);

            // When the windows are published
            List<CountryWindow> published = h.windows();
            assertEquals(3 * 24, published.size());

            // Then the history holds each of them, found by country and start
            WindowStore<String, CountryWindow> history = h.windowStore(QueryStores.HISTORY_STORE);
            Map<String, CountryWindow> newest = new HashMap<>();
            for (CountryWindow w : published) {
                assertEquals(w, history.fetch(w.country(), w.windowStart().toEpochMilli()));
                newest.merge(w.country(), w, (a, b) -> a.windowStart().isAfter(b.windowStart()) ? a : b);
            }
            // and a country's series comes back in time order
            List<CountryWindow> series = new ArrayList<>();
            try (WindowStoreIterator<CountryWindow> it = history.fetch("KZ", Instant.ofEpochMilli(T0),
                    Instant.ofEpochMilli(T0 + 2 * HOUR))) {
                it.forEachRemaining(kv -> series.add(kv.value));
            }
            assertEquals(published.stream().filter(w -> w.country().equals("KZ")).toList(), series);
            // and latest-windows holds each country's newest window
            KeyValueStore<String, CountryWindow> latest = h.keyValueStore(QueryStores.LATEST_STORE);
            for (Map.Entry<String, CountryWindow> e : newest.entrySet()) {
                assertEquals(e.getValue(), latest.get(e.getKey()));
            }
        }
    }

    @Test
    void shouldSumEachCountrysWindowsPerUtcDay() {
        // Given 26 hours of traffic from two countries, across midnight
        long start = T0 - 2 * HOUR;
        try (TopologyHarness h = new TopologyHarness(SETTINGS)) {
            h.send(steady(4, List.of("DE", "KZ"), 0.05, start, start + 26 * HOUR).sorted());
            h.heartbeats(start + 26 * HOUR, start + 26 * HOUR + MINUTE);
            List<CountryWindow> published = h.windows();

            // Then each country's day in daily-totals is the sum of its published windows of that day
            WindowStore<String, DailyTotals> daily = h.windowStore(QueryStores.DAILY_STORE);
            int summedWindows = 0;
            for (String country : List.of("DE", "KZ")) {
                for (long day : List.of(T0 - 24 * HOUR, T0)) {
                    List<CountryWindow> ofDay = published.stream().filter(w -> w.country().equals(country)
                            && DailyTotals.dayOf(w.windowStart()).toEpochMilli() == day).toList();
                    DailyTotals expected = DailyTotals.of(ofDay.get(0));
                    for (CountryWindow w : ofDay.subList(1, ofDay.size())) {
                        expected = expected.plus(w);
                    }
                    assertEquals(expected, daily.fetch(country, day));
                    assertEquals(ofDay.stream().mapToLong(CountryWindow::packets).sum(), daily.fetch(country, day)
                            .packets());
                    summedWindows += daily.fetch(country, day).windows();
                }
            }
            // and the two days hold every published window
            assertEquals(published.size(), summedWindows);
        }
    }

    @Test
    void shouldForgetWindowsOlderThanTheRetention() {
        // Given a one-hour retention and four hours of traffic
        try (TopologyHarness h = new TopologyHarness(SETTINGS, Duration.ofHours(1))) {
            h.send(steady(4, List.of("DE"), 0.05, T0, T0 + 4 * HOUR).sorted());
            h.heartbeats(T0 + 4 * HOUR, T0 + 4 * HOUR + MINUTE);
            List<CountryWindow> published = h.windows();
            long newestStart = published.get(published.size() - 1).windowStart().toEpochMilli();

            // When the whole time is fetched
            WindowStore<String, CountryWindow> history = h.windowStore(QueryStores.HISTORY_STORE);
            List<Long> starts = new ArrayList<>();
            try (WindowStoreIterator<CountryWindow> it = history.fetch("DE", Instant.ofEpochMilli(T0),
                    Instant.ofEpochMilli(T0 + 5 * HOUR))) {
                it.forEachRemaining(kv -> starts.add(kv.key));
            }

            // Then the windows of the last hour are there and none older than the retention
            assertTrue(starts.contains(newestStart - 55 * MINUTE), starts::toString);
            assertTrue(starts.stream().allMatch(s -> s > newestStart - HOUR), starts::toString);
            assertEquals(newestStart, starts.get(starts.size() - 1));
        }
    }

    @Test
    void shouldHoldAnEpisodeWhileItIsOpenAndDropItWhenResolved() {
        // Given three countries, and UA's backscatter surging for an hour from 03:00
        long surgeStart = T0 + 3 * HOUR;
        long end = surgeStart + 2 * HOUR;
        PacketTraffic traffic = steady(5, List.of("DE", "FR", "UA"), 0.5, T0, end);
        traffic.add("UA", BACKSCATTER, 0.3, surgeStart, surgeStart + HOUR);
        List<PacketSummary> packets = traffic.sorted();
        long middle = surgeStart + 30 * MINUTE;

        try (TopologyHarness h = new TopologyHarness(SETTINGS)) {
            // When the topology is half-way through the surge
            h.send(packets.stream().filter(p -> p.timestampMillis() < middle).toList());
            KeyValueStore<String, Anomaly> open = h.keyValueStore(QueryStores.OPEN_ANOMALIES_STORE);

            // Then the open-anomalies store holds UA's episode under its id, with its latest event
            List<Anomaly> events = h.anomalies();
            assertFalse(events.isEmpty(), "no episode opened");
            Anomaly latest = events.get(events.size() - 1);
            assertTrue(latest.status() != EpisodeStatus.RESOLVED, latest::toString);
            assertEquals(Map.of(latest.id(), latest), all(open));

            // And when the surge is over and the episode resolved, it is gone
            h.send(packets.stream().filter(p -> p.timestampMillis() >= middle).toList());
            h.heartbeats(end, end + 10 * MINUTE);
            assertEquals(EpisodeStatus.RESOLVED, h.anomalies().get(h.anomalies().size() - 1).status());
            assertEquals(Map.of(), all(open));
        }
    }

    private static Map<String, Anomaly> all(KeyValueStore<String, Anomaly> store) {
        Map<String, Anomaly> m = new HashMap<>();
        try (KeyValueIterator<String, Anomaly> it = store.all()) {
            it.forEachRemaining(kv -> m.put(kv.key, kv.value));
        }
        return m;
    }
}
