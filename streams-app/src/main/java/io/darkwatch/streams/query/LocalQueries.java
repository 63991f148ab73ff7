package io.darkwatch.streams.query;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.streams.topology.DailyTotals;
import io.darkwatch.streams.topology.QueryStores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Answers from this instance's own active tasks only ({@link QueryStores}); {@link ClusterQueries}
 * decides which instances to ask. A period is {@code [from, to)}: the windows that start in it.
 */
final class LocalQueries {
    private final KafkaStreams streams;

    LocalQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    /** The newest closed window of the country, or of every country this instance owns. */
    List<CountryWindow> latest(Optional<String> country) {
        ReadOnlyKeyValueStore<String, CountryWindow> latest = store(QueryStores.LATEST_STORE,
                QueryableStoreTypes.keyValueStore());
        if (country.isPresent()) {
            CountryWindow w = latest.get(country.get());
            return w == null ? List.of() : List.of(w);
        }
        List<CountryWindow> all = new ArrayList<>();
        try (KeyValueIterator<String, CountryWindow> it = latest.all()) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        return all;
    }

    /** The country's windows that start in the period, oldest first. */
    List<CountryWindow> series(String country, Instant from, Instant to) {
        List<CountryWindow> windows = new ArrayList<>();
        if (!to.isAfter(from)) {
            return windows;
        }
        try (WindowStoreIterator<CountryWindow> it = history().fetch(country, from, to.minusMillis(1))) {
            it.forEachRemaining(kv -> windows.add(kv.value));
        }
        return windows;
    }

    /** Counts per country over the period: one country's, or every country's this instance owns. */
    List<PeriodCounts> counts(Instant from, Instant to, Optional<String> country) {
        Map<String, List<CountryWindow>> windows = new TreeMap<>();
        Map<String, List<DailyTotals>> days = new TreeMap<>();
        read(PeriodSplit.of(from, to), country, windows, days);
        Set<String> countries = new TreeSet<>(windows.keySet());
        countries.addAll(days.keySet());
        List<PeriodCounts> counts = new ArrayList<>();
        for (String c : countries) {
            counts.add(PeriodCounts.of(c, windows.getOrDefault(c, List.of()), days.getOrDefault(c, List.of())));
        }
        return counts;
    }

    /** Destination port totals over the period: one country's, or of every country this instance owns. */
    PortTotals ports(Instant from, Instant to, Optional<String> country) {
        Map<String, List<CountryWindow>> windows = new TreeMap<>();
        Map<String, List<DailyTotals>> days = new TreeMap<>();
        read(PeriodSplit.of(from, to), country, windows, days);
        PortTotals totals = PortTotals.NONE;
        for (List<CountryWindow> w : windows.values()) {
            totals = totals.plus(PortTotals.of(w));
        }
        for (List<DailyTotals> d : days.values()) {
            totals = totals.plus(PortTotals.ofDays(d));
        }
        return totals;
    }

    /** Reads the period's whole days from the daily totals and the rest from the windows, by country. */
    private void read(PeriodSplit period, Optional<String> country, Map<String, List<CountryWindow>> windows,
            Map<String, List<DailyTotals>> days) {
        for (PeriodSplit.Part part : period.windowParts()) {
            if (country.isPresent()) {
                List<CountryWindow> series = series(country.get(), part.from(), part.to());
                if (!series.isEmpty()) {
                    windows.computeIfAbsent(country.get(), c -> new ArrayList<>()).addAll(series);
                }
            } else {
                try (KeyValueIterator<Windowed<String>, CountryWindow> it = history().fetchAll(part.from(),
                        part.to().minusMillis(1))) {
                    it.forEachRemaining(kv -> windows.computeIfAbsent(kv.key.key(), c -> new ArrayList<>())
                            .add(kv.value));
                }
            }
        }
        if (!period.hasDays()) {
            return;
        }
        Instant last = period.daysTo().minusMillis(1);
        if (country.isPresent()) {
            try (WindowStoreIterator<DailyTotals> it = daily().fetch(country.get(), period.daysFrom(), last)) {
                it.forEachRemaining(kv -> days.computeIfAbsent(country.get(), c -> new ArrayList<>()).add(kv.value));
            }
        } else {
            try (KeyValueIterator<Windowed<String>, DailyTotals> it = daily().fetchAll(period.daysFrom(), last)) {
                it.forEachRemaining(kv -> days.computeIfAbsent(kv.key.key(), c -> new ArrayList<>()).add(kv.value));
            }
        }
    }

    /** The latest event of every open episode in this instance's tasks. */
    List<Anomaly> openAnomalies() {
        ReadOnlyKeyValueStore<String, Anomaly> open = store(QueryStores.OPEN_ANOMALIES_STORE,
                QueryableStoreTypes.keyValueStore());
        List<Anomaly> all = new ArrayList<>();
        try (KeyValueIterator<String, Anomaly> it = open.all()) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        return all;
    }

    private ReadOnlyWindowStore<String, DailyTotals> daily() {
        return store(QueryStores.DAILY_STORE, QueryableStoreTypes.windowStore());
    }

    private ReadOnlyWindowStore<String, CountryWindow> history() {
        return store(QueryStores.HISTORY_STORE, QueryableStoreTypes.windowStore());
    }

    private <T> T store(String name, QueryableStoreType<T> type) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, type));
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException("store " + name + " is not queryable now (" + streams.state() + "): "
                    + e.getMessage(), e);
        }
    }
}
