package io.darkwatch.streams.query;

import static io.darkwatch.streams.testing.PacketTraffic.Kind.BACKSCATTER;
import static io.darkwatch.streams.testing.PacketTraffic.Kind.SCAN;
import static io.darkwatch.streams.testing.PacketTraffic.Kind.UDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.darkwatch.broker.SharedKafka;
import io.darkwatch.common.json.Json;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.packet.TcpFlags;
import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.common.topic.Heartbeats;
import io.darkwatch.common.topic.TopicInitializer;
import io.darkwatch.common.topic.Topics;
import io.darkwatch.streams.app.StreamsApp;
import io.darkwatch.streams.metrics.TrafficMetricsLimits;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.settings.StreamsSettings;
import io.darkwatch.streams.testing.PacketTraffic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the streams application (one application id, two state dirs, two query ports)
 * share the partitions of the shared broker's topics; either one must give the same, complete answer.
 */
class QueryApiIT {
    private static final long T0 = Instant.parse("2025-03-01T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000L;
    private static final int MINUTES = 30;
    private static final List<String> COUNTRIES = List.of("BR", "CN", "DE", "FR", "IN", "KZ", "RU", "UA", "US");
    /** One-minute windows, complete port lists (so port totals are exact), warm-up of ten windows. */
    private static final DetectorSettings SETTINGS = DetectorSettings.defaults().with(Map.of(
            "window.size", "1m", "window.grace", "5s", "baseline.windows", "60", "baseline.min-windows", "10",
            "country.forget-after", "2h", "signal.top-n", "1000"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path stateA;
    @TempDir
    Path stateB;

    /** The topics are shared by every IT of this JVM: each starts from (and leaves) empty topics. */
    @BeforeAll
    @AfterAll
    static void emptyTheTopics() throws Exception {
        try (Admin admin = admin()) {
            TopicInitializer.ensure(admin, Topics.ALL, 3, (short) 1, true);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(Topics.ALL.stream().map(t -> t.name()).toList()).allTopicNames().get()
                    .forEach((name, d) -> d.partitions().forEach(p -> latest.put(new TopicPartition(name,
                            p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> delete.put(tp,
                    RecordsToDelete.beforeOffset(info.offset())));
            admin.deleteRecords(delete).all().get();
        }
    }

    @Test
    void shouldGiveTheSameCompleteAnswersFromEitherInstance() throws Exception {
        // Given 30 minutes of traffic from nine countries at different rates, and UA's backscatter surging
        // from minute 20 to the end, with heartbeats to every partition every ten seconds
        PacketTraffic traffic = new PacketTraffic(11);
        for (int i = 0; i < COUNTRIES.size(); i++) {
            double rate = 0.4 + 0.3 * i;
            String c = COUNTRIES.get(i);
            traffic.add(c, SCAN, 0.7 * rate, T0, T0 + MINUTES * MINUTE)
                    .add(c, BACKSCATTER, 0.2 * rate, T0, T0 + MINUTES * MINUTE)
                    .add(c, UDP, 0.1 * rate, T0, T0 + MINUTES * MINUTE);
        }
        traffic.add("UA", BACKSCATTER, 3.0, T0 + 20 * MINUTE, T0 + MINUTES * MINUTE);
        List<PacketSummary> packets = traffic.sorted();
        produce(packets, T0 + MINUTES * MINUTE + 10_000);

        // When two instances of one application run on it
        String id = "darkwatch-query-it-" + UUID.randomUUID();
        try (StreamsApp a = app(id, stateA); StreamsApp b = app(id, stateB)) {
            String urlA = "http://127.0.0.1:" + a.queryPort().orElseThrow();
            String urlB = "http://127.0.0.1:" + b.queryPort().orElseThrow();
            // (before it runs, an instance says so instead of answering from nothing)
            assertEquals(503, get(urlA + "/api/v1/counts").statusCode());
            a.start();
            b.start();
            assertTrue(a.awaitRunning(Duration.ofSeconds(60)), "A not RUNNING but " + a.state());
            assertTrue(b.awaitRunning(Duration.ofSeconds(60)), "B not RUNNING but " + b.state());
            awaitLastWindowOfEveryCountry(urlA, T0 + MINUTES * MINUTE);

            // Then each instance owns a part of the countries, and the parts together are all of them
            Set<String> ownedByA = countries(json(urlA + "/internal/v1/latest"));
            Set<String> ownedByB = countries(json(urlB + "/internal/v1/latest"));
            Set<String> union = new HashSet<>(ownedByA);
            union.addAll(ownedByB);
            assertEquals(Set.copyOf(COUNTRIES), union);
            assertTrue(ownedByA.stream().noneMatch(ownedByB::contains), ownedByA + " and " + ownedByB);
            assertFalse(ownedByA.isEmpty() || ownedByB.isEmpty(), "one instance owns every country: "
                    + ownedByA + " and " + ownedByB);

            // and both answer every question with the same body
            String from = Instant.ofEpochMilli(T0).toString();
            String to = Instant.ofEpochMilli(T0 + MINUTES * MINUTE).toString();
            String lastTen = "from=" + Instant.ofEpochMilli(T0 + 20 * MINUTE) + "&to=" + to;
            List<String> questions = new ArrayList<>(List.of("/api/v1/counts", "/api/v1/counts?from=" + from
                    + "&to=" + to, "/api/v1/top/ports?" + lastTen + "&n=5", "/api/v1/top/countries?" + lastTen,
                    "/api/v1/top/countries?" + lastTen + "&signal=backscatter&n=3", "/api/v1/anomalies",
                    "/api/v1/anomalies?country=UA", "/api/v1/top/ports?" + lastTen + "&country=KZ"));
            // (whole UTC days are answered from the daily totals)
            String wholeDay = "from=" + Instant.ofEpochMilli(T0) + "&to=" + Instant.ofEpochMilli(T0 + 24 * 60 * MINUTE);
            questions.addAll(List.of("/api/v1/counts?" + wholeDay, "/api/v1/counts?" + wholeDay + "&country=KZ",
                    "/api/v1/top/ports?" + wholeDay + "&n=5", "/api/v1/top/countries?" + wholeDay));
            for (String c : COUNTRIES) {
                questions.add("/api/v1/countries/" + c + "/series?from=" + from + "&to=" + to);
                questions.add("/api/v1/counts?country=" + c.toLowerCase());
            }
            for (String q : questions) {
                HttpResponse<String> fromA = get(urlA + q);
                HttpResponse<String> fromB = get(urlB + q);
                assertEquals(200, fromA.statusCode(), q + ": " + fromA.body());
                assertEquals(fromA.body(), fromB.body(), q);
            }

            // and the answers are complete: every country's counts are those of the packets sent
            JsonNode counts = json(urlB + "/api/v1/counts?from=" + from + "&to=" + to).get("countries");
            assertEquals(COUNTRIES.size(), counts.size());
            for (JsonNode c : counts) {
                List<PacketSummary> sent = packets.stream().filter(p -> p.country().equals(c.get("country").asText()))
                        .toList();
                assertEquals(MINUTES, c.get("windows").asInt());
                assertEquals(sent.size(), c.get("packets").asLong());
                assertEquals(sent.stream().filter(PacketSummary::isBackscatter).count(), c.get("backscatter").asLong());
                assertEquals(sent.stream().filter(PacketSummary::isScan).count(), c.get("scan").asLong());
                assertEquals(sent.stream().filter(PacketSummary::isTcp).collect(Collectors.groupingBy(
                        p -> TcpFlags.label(p.tcpFlags()), TreeMap::new, Collectors.counting())),
                        new TreeMap<>(Json.mapper().convertValue(c.get("flags"),
                                new TypeReference<Map<String, Long>>() { })));
            }
            // and the whole day, from the daily totals, counts the same as its windows
            assertEquals(counts, json(urlA + "/api/v1/counts?" + wholeDay).get("countries"));
            JsonNode dayPorts = json(urlA + "/api/v1/top/ports?" + wholeDay + "&n=5");
            JsonNode windowPorts = json(urlA + "/api/v1/top/ports?from=" + from + "&to=" + to + "&n=5");
            // (both periods have nothing before them, so every entry is new in both)
            assertEquals(windowPorts.get("entries"), dayPorts.get("entries"));
            // a country's series has one window a minute with the packets of that minute
            JsonNode series = json(urlA + "/api/v1/countries/KZ/series?from=" + from + "&to=" + to).get("windows");
            assertEquals(MINUTES, series.size());
            for (JsonNode w : series) {
                long start = Instant.parse(w.get("windowStart").asText()).toEpochMilli();
                assertEquals(packets.stream().filter(p -> p.country().equals("KZ") && p.timestampMillis() >= start
                        && p.timestampMillis() < start + MINUTE).count(), w.get("packets").asLong());
            }
            // the top ports of the last ten minutes are ranked over all countries, with their previous ranks
            long tenMinutesAgo = T0 + 20 * MINUTE;
            JsonNode top = json(urlB + "/api/v1/top/ports?" + lastTen + "&n=5");
            assertEquals(Instant.ofEpochMilli(T0 + 10 * MINUTE).toString(), top.get("previousFrom").asText());
            List<RankedEntry<Integer>> expected = Ranking.top(portTotals(packets, tenMinutesAgo, T0 + MINUTES * MINUTE),
                    portTotals(packets, T0 + 10 * MINUTE, tenMinutesAgo), 5, Comparator.naturalOrder());
            assertEquals(expected.size(), top.get("entries").size());
            for (int i = 0; i < expected.size(); i++) {
                JsonNode e = top.get("entries").get(i);
                assertEquals(expected.get(i).rank(), e.get("rank").asInt());
                assertEquals(expected.get(i).key().intValue(), e.get("port").asInt());
                assertEquals(expected.get(i).count(), e.get("count").asLong());
                assertEquals(expected.get(i).isNew() ? "new" : String.valueOf(expected.get(i).previousRank()),
                        e.get("previousRank").asText());
            }
            // UA's backscatter surge leads the countries by backscatter and is an open episode
            assertEquals("UA", json(urlA + "/api/v1/top/countries?" + lastTen + "&signal=backscatter")
                    .get("entries").get(0).get("country").asText());
            JsonNode open = json(urlB + "/api/v1/anomalies").get("anomalies");
            assertTrue(open.size() >= 1, open::toString);
            for (JsonNode anomaly : open) {
                assertEquals("UA", anomaly.get("country").asText(), open::toString);
                assertEquals("BACKSCATTER_SURGE", anomaly.get("type").asText(), open::toString);
            }

            // and a bad parameter is a 400 that says what is wrong, from either instance
            HttpResponse<String> bad = get(urlB + "/api/v1/top/ports?from=" + from + "&to=yesterday");
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("'to' is 'yesterday', not an ISO-8601 instant"), bad.body());
            assertEquals(404, get(urlA + "/api/v1/nothing").statusCode());
        }
    }

    private static Map<Integer, Long> portTotals(List<PacketSummary> packets, long from, long to) {
        return packets.stream().filter(p -> p.timestampMillis() >= from && p.timestampMillis() < to
                && (p.isTcp() || p.protocol() == IpProtocol.UDP))
                .collect(Collectors.groupingBy(PacketSummary::dstPort, Collectors.counting()));
    }

    private StreamsApp app(String id, Path stateDir) {
        return new StreamsApp(new StreamsSettings(SharedKafka.bootstrapServers(), id, stateDir, 1,
                Map.of("commit.interval.ms", "200"), SETTINGS),
                new SimpleMeterRegistry(), TrafficMetricsLimits.DEFAULT, new QuerySettings(0, "127.0.0.1", Duration.ofDays(3)));
    }

    /** Until the current counts of every country end with the window ending at {@code end}. */
    private static void awaitLastWindowOfEveryCountry(String url, long end) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(url + "/api/v1/counts");
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonNode countries = Json.mapper().readTree(r.body()).get("countries");
                Map<String, Long> ends = new HashMap<>();
                countries.forEach(c -> ends.put(c.get("country").asText(),
                        Instant.parse(c.get("windowEnd").asText()).toEpochMilli()));
                if (ends.keySet().containsAll(COUNTRIES) && COUNTRIES.stream().allMatch(c -> ends.get(c) == end)) {
                    return;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the last windows were not all queryable within 60 s; last answer " + last);
    }

    private static Set<String> countries(JsonNode windows) {
        List<CountryWindow> list = Json.mapper().convertValue(windows, new TypeReference<List<CountryWindow>>() { });
        return list.stream().map(CountryWindow::country).collect(Collectors.toSet());
    }

    private static JsonNode json(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = get(url);
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return Json.mapper().readTree(r.body());
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()));
    }

    /** Packets keyed by country in time order, heartbeats to every partition every ten seconds. */
    private static void produce(List<PacketSummary> packets, long lastHeartbeat) throws Exception {
        int partitions;
        try (Admin admin = admin()) {
            partitions = admin.describeTopics(List.of(Topics.PACKETS.name())).allTopicNames().get()
                    .get(Topics.PACKETS.name()).partitions().size();
        }
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, PacketSummary> producer = new KafkaProducer<>(config,
                Topics.PACKETS.key().serializer(), Topics.PACKETS.value().serializer())) {
            long nextHeartbeat = T0;
            for (PacketSummary p : packets) {
                for (; nextHeartbeat <= p.timestampMillis(); nextHeartbeat += 10_000) {
                    heartbeat(producer, partitions, nextHeartbeat);
                }
                producer.send(new ProducerRecord<>(Topics.PACKETS.name(), null, p.timestampMillis(), p.country(), p));
            }
            for (; nextHeartbeat <= lastHeartbeat; nextHeartbeat += 10_000) {
                heartbeat(producer, partitions, nextHeartbeat);
            }
            producer.flush();
        }
    }

    private static void heartbeat(KafkaProducer<String, PacketSummary> producer, int partitions, long time) {
        for (int partition = 0; partition < partitions; partition++) {
            producer.send(Heartbeats.record(Topics.PACKETS.name(), partition, time, "query-it-sensor"));
        }
    }
}
