package io.darkwatch.streams.query.bench;

import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.common.topic.Topics;
import io.darkwatch.streams.query.PeriodCounts;
import io.darkwatch.streams.query.PortTotals;
import io.darkwatch.streams.query.RankedEntry;
import io.darkwatch.streams.query.Ranking;
import io.darkwatch.streams.topology.QueryStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What one top-N query costs an instance: {@code countries} countries' 5-minute windows over two
 * days (a day and the day before) in a window-history store built as {@link QueryStores} builds it
 * (RocksDB), then the work of {@code /api/v1/top/countries} and {@code /api/v1/top/ports} for one
 * day: reading both days' windows, summing them per country and per port, and ranking. Prints
 * the figures; HTTP and peers add milliseconds on top.
 *
 * <pre>
 * mvn -o -q -pl streams-app test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp streams-app/target/test-classes:streams-app/target/classes:$(cat /tmp/cp.txt) \
 *     io.darkwatch.streams.query.bench.TopNQueryBenchmark [countries]
 * </pre>
 */
public final class TopNQueryBenchmark {
    private static final long WINDOW = 300_000L;
    private static final long DAY = 86_400_000L;
    private static final long T0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    private TopNQueryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int countries = args.length > 0 ? Integer.parseInt(args[0]) : 250;
        Path dir = Files.createTempDirectory("darkwatch-query-bench");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "darkwatch-query-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>(props, new TaskId(0, 0),
                dir.toFile());
        // The store as QueryStores declares it (RocksDB segments, three days' retention), without its changelog.
        WindowStore<String, CountryWindow> history = Stores.windowStoreBuilder(Stores.persistentWindowStore(
                QueryStores.HISTORY_STORE, QueryStores.DEFAULT_RETENTION, Duration.ofMillis(WINDOW), false),
                Serdes.String(), Topics.COUNTRY_WINDOWS.value()).withLoggingDisabled().build();
        history.init(context.getStateStoreContext(), history);
        try {
            Random random = new Random(1);
            long started = System.nanoTime();
            int windows = 0;
            for (long start = T0; start < T0 + 2 * DAY; start += WINDOW) {
                for (int c = 0; c < countries; c++) {
                    CountryWindow w = window(random, code(c), start);
                    history.put(w.country(), w, start);
                    windows++;
                }
            }
            double loadSeconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("stored %,d windows (%d countries x 2 days of 5-minute windows) in %.1f s%n", windows,
                    countries, loadSeconds);
            for (int round = 1; round <= 3; round++) {
                long t = System.nanoTime();
                List<RankedEntry<String>> topCountries = Ranking.top(packets(history, T0 + DAY, T0 + 2 * DAY),
                        packets(history, T0, T0 + DAY), 10, Comparator.naturalOrder());
                double countriesMillis = (System.nanoTime() - t) / 1e6;
                t = System.nanoTime();
                List<RankedEntry<Integer>> topPorts = Ranking.top(ports(history, T0 + DAY, T0 + 2 * DAY).ports(),
                        ports(history, T0, T0 + DAY).ports(), 10, Comparator.naturalOrder());
                double portsMillis = (System.nanoTime() - t) / 1e6;
                int read = 2 * countries * (int) (DAY / WINDOW);
                System.out.printf("round %d: top countries of a day vs the day before %.0f ms, top ports %.0f ms;"
                        + " %.0f us per window read (leaders %s, port %s)%n", round, countriesMillis, portsMillis,
                        (countriesMillis + portsMillis) * 1000 / (2.0 * read), topCountries.get(0).key(),
                        topPorts.get(0).key());
            }
        } finally {
            history.close();
        }
    }

    private static Map<String, Long> packets(WindowStore<String, CountryWindow> history, long from, long to) {
        Map<String, List<CountryWindow>> byCountry = new LinkedHashMap<>();
        try (KeyValueIterator<Windowed<String>, CountryWindow> it = history.fetchAll(Instant.ofEpochMilli(from),
                Instant.ofEpochMilli(to - 1))) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, CountryWindow> kv = it.next();
                byCountry.computeIfAbsent(kv.key.key(), c -> new ArrayList<>()).add(kv.value);
            }
        }
        Map<String, Long> totals = new LinkedHashMap<>();
        byCountry.forEach((c, ws) -> totals.put(c, PeriodCounts.of(c, ws).packets()));
        return totals;
    }

    private static PortTotals ports(WindowStore<String, CountryWindow> history, long from, long to) {
        List<CountryWindow> windows = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, CountryWindow> it = history.fetchAll(Instant.ofEpochMilli(from),
                Instant.ofEpochMilli(to - 1))) {
            it.forEachRemaining(kv -> windows.add(kv.value));
        }
        return PortTotals.of(windows);
    }

    /** A window like the topology publishes: five flag sets, the top ten ports, ten victims. */
    private static CountryWindow window(Random random, String country, long start) {
        Map<Integer, Long> flags = new LinkedHashMap<>();
        for (int bits : new int[] {0x002, 0x012, 0x004, 0x014, 0x010}) {
            flags.put(bits, (long) random.nextInt(500));
        }
        Map<Integer, Long> ports = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            ports.put(random.nextInt(65_536), (long) (1000 - i * 50));
        }
        Map<String, Long> victims = new LinkedHashMap<>();
        Map<Integer, Long> victimPorts = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            victims.put("198.51.100." + i, (long) (100 - i));
            victimPorts.put(80 + i, (long) (50 - i));
        }
        long packets = 1000 + random.nextInt(5000);
        return new CountryWindow(country, Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + WINDOW), packets,
                packets / 10, packets / 5, packets / 2, flags, ports, packets / 4, victims, victimPorts);
    }

    private static String code(int i) {
        return "" + (char) ('A' + i / 26 % 26) + (char) ('A' + i % 26);
    }
}
