package io.darkwatch.streams.query;

import com.fasterxml.jackson.core.type.TypeReference;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.streams.topology.QueryStores;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Complete answers when several instances share the work. A country's windows live in the one task
 * that owns its partition of darkwatch.country-windows: per-country questions go to that task's
 * instance ({@link KafkaStreams#queryMetadataForKey}); questions about all countries go to every
 * instance ({@link KafkaStreams#streamsMetadataForStore}) and their parts are merged here, before
 * anything is ranked. This instance answers its own part directly; others over HTTP
 * ({@code /internal/v1/…}, answered by {@link LocalQueries} there).
 */
public final class ClusterQueries {
    static final String INTERNAL = "/internal/v1/";
    private static final TypeReference<List<CountryWindow>> WINDOWS = new TypeReference<>() { };
    private static final TypeReference<List<PeriodCounts>> COUNTS = new TypeReference<>() { };
    private static final TypeReference<PortTotals> PORTS = new TypeReference<>() { };
    private static final TypeReference<List<Anomaly>> ANOMALIES = new TypeReference<>() { };

    private final KafkaStreams streams;
    private final HostInfo self;
    private final LocalQueries local;
    private final PeerClient peers;

    public ClusterQueries(KafkaStreams streams, HostInfo self, Duration peerTimeout) {
        this.streams = streams;
        this.self = self;
        this.local = new LocalQueries(streams);
        this.peers = new PeerClient(peerTimeout);
    }

    LocalQueries local() {
        return local;
    }

    /** @throws NotReadyException unless RUNNING */
    void requireRunning() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            throw new NotReadyException("darkwatch streams is " + state + ", not RUNNING; try again shortly");
        }
    }

    /** Each country's newest closed window: of one country, or of all. */
    public List<CountryWindow> latest(Optional<String> country) {
        if (country.isPresent()) {
            return onOwner(country.get(), () -> local.latest(country), "latest", Map.of("country", country.get()),
                    WINDOWS);
        }
        Map<String, CountryWindow> newest = new TreeMap<>();
        for (List<CountryWindow> part : onEvery(QueryStores.HISTORY_STORE, () -> local.latest(Optional.empty()),
                "latest", Map.of(), WINDOWS)) {
            for (CountryWindow w : part) {
                newest.merge(w.country(), w, (a, b) -> a.windowStart().isAfter(b.windowStart()) ? a : b);
            }
        }
        return List.copyOf(newest.values());
    }

    public List<CountryWindow> series(String country, Instant from, Instant to) {
        return onOwner(country, () -> local.series(country, from, to), "series",
                Map.of("country", country, "from", from.toString(), "to", to.toString()), WINDOWS);
    }

    /** Per-country counts over the period, by country code. */
    public List<PeriodCounts> counts(Instant from, Instant to, Optional<String> country) {
        Map<String, String> params = period(from, to);
        if (country.isPresent()) {
            params.put("country", country.get());
            return onOwner(country.get(), () -> local.counts(from, to, country), "counts", params, COUNTS);
        }
        Map<String, PeriodCounts> merged = new TreeMap<>();
        for (List<PeriodCounts> part : onEvery(QueryStores.HISTORY_STORE, () -> local.counts(from, to, country),
                "counts", params, COUNTS)) {
            // A country's windows are in one task, so parts never share a country, except for a moment
            // during a move; then the part with more windows is the more complete one (never a double sum).
            part.forEach(c -> merged.merge(c.country(), c, (a, b) -> a.windows() >= b.windows() ? a : b));
        }
        return List.copyOf(merged.values());
    }

    public PortTotals ports(Instant from, Instant to, Optional<String> country) {
        Map<String, String> params = period(from, to);
        if (country.isPresent()) {
            params.put("country", country.get());
            return onOwner(country.get(), () -> local.ports(from, to, country), "ports", params, PORTS);
        }
        PortTotals sum = PortTotals.NONE;
        for (PortTotals part : onEvery(QueryStores.HISTORY_STORE, () -> local.ports(from, to, country), "ports",
                params, PORTS)) {
            sum = sum.plus(part);
        }
        return sum;
    }

    /** The top destination ports of the period, with their ranks in the period of the same length before. */
    public TopTable<Integer> topPorts(Instant from, Instant to, Optional<String> country, int n) {
        Instant previousFrom = from.minus(Duration.between(from, to));
        PortTotals now = ports(from, to, country);
        PortTotals before = ports(previousFrom, from, country);
        long total = now.ports().values().stream().mapToLong(Long::longValue).sum();
        return new TopTable<>(from, to, previousFrom, Ranking.top(now.ports(), before.ports(), n,
                Comparator.<Integer>naturalOrder()), total, now.unlistedPackets());
    }

    /** The top source countries of the period by a signal, with their ranks in the period before. */
    public TopTable<String> topCountries(Instant from, Instant to, Signal signal, int n) {
        Instant previousFrom = from.minus(Duration.between(from, to));
        Map<String, Long> now = bySignal(counts(from, to, Optional.empty()), signal);
        Map<String, Long> before = bySignal(counts(previousFrom, from, Optional.empty()), signal);
        long total = now.values().stream().mapToLong(Long::longValue).sum();
        return new TopTable<>(from, to, previousFrom, Ranking.top(now, before, n, Comparator.<String>naturalOrder()),
                total, 0);
    }

    /** The latest event of every open episode, of one country or all, oldest episode first. */
    public List<Anomaly> openAnomalies(Optional<String> country) {
        List<Anomaly> all = new ArrayList<>();
        for (List<Anomaly> part : onEvery(QueryStores.OPEN_ANOMALIES_STORE, local::openAnomalies, "anomalies",
                Map.of(), ANOMALIES)) {
            part.stream().filter(a -> country.isEmpty() || a.country().equals(country.get())).forEach(all::add);
        }
        all.sort(Comparator.comparing(Anomaly::episodeStart, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Anomaly::country).thenComparing(Anomaly::id));
        return all;
    }

    private static Map<String, Long> bySignal(List<PeriodCounts> counts, Signal signal) {
        Map<String, Long> totals = new LinkedHashMap<>();
        counts.forEach(c -> totals.put(c.country(), signal.of(c)));
        return totals;
    }

    private static Map<String, String> period(Instant from, Instant to) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("from", from.toString());
        params.put("to", to.toString());
        return params;
    }

    private <T> T onOwner(String country, Supplier<T> here, String internal, Map<String, String> params,
            TypeReference<T> type) {
        requireRunning();
        KeyQueryMetadata owner = streams.queryMetadataForKey(QueryStores.HISTORY_STORE, country,
                Serdes.String().serializer());
        if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
            throw new NotReadyException("no instance owns " + country + "'s windows right now (rebalancing)");
        }
        if (owner.activeHost().equals(self)) {
            return here.get();
        }
        return join(peers.get(owner.activeHost(), path(internal, params), type));
    }

    private <T> List<T> onEvery(String store, Supplier<T> here, String internal, Map<String, String> params,
            TypeReference<T> type) {
        requireRunning();
        Collection<StreamsMetadata> instances = streams.streamsMetadataForStore(store);
        if (instances.isEmpty()) {
            throw new NotReadyException("no instance hosts " + store + " right now (rebalancing)");
        }
        List<CompletableFuture<T>> remote = new ArrayList<>();
        boolean includesSelf = false;
        for (StreamsMetadata instance : instances) {
            if (instance.hostInfo().equals(self)) {
                includesSelf = true;
            } else {
                remote.add(peers.get(instance.hostInfo(), path(internal, params), type));
            }
        }
        List<T> parts = new ArrayList<>();
        if (includesSelf) {
            parts.add(here.get());
        }
        for (CompletableFuture<T> f : remote) {
            parts.add(join(f));
        }
        return parts;
    }

    private static String path(String internal, Map<String, String> params) {
        StringBuilder sb = new StringBuilder(INTERNAL).append(internal);
        char sep = '?';
        for (Map.Entry<String, String> p : params.entrySet()) {
            sb.append(sep).append(p.getKey()).append('=').append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return sb.toString();
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
