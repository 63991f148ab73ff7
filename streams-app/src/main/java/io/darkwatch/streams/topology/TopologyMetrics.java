package io.darkwatch.streams.topology;

import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.streams.metrics.TrafficMetrics;
import io.darkwatch.streams.metrics.TrafficMetricsLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Objects;

/**
 * darkwatch's own counters in the streams application, next to the Kafka Streams metrics that
 * {@code KafkaStreamsMetrics} binds. Thread-safe: one instance serves every stream thread.
 *
 * <ul>
 *   <li>{@code darkwatch.windows.closed}: windows closed (per task; a window with no known country
 *       counts too)</li>
 *   <li>{@code darkwatch.country.windows}: country windows emitted, zeros included</li>
 *   <li>{@code darkwatch.records.late}: packets whose window had already closed, dropped</li>
 *   <li>{@code darkwatch.records.invalid{reason}}: records or packets dropped as unusable:
 *       {@code undecodable} (deserialization failed), {@code country} (not a two-letter code),
 *       {@code timestamp} (negative), {@code future} (captured more than {@code packets.max-ahead}
 *       after the broker received them, see {@code EventTimes})</li>
 *   <li>{@code darkwatch.windows.rebuild.missing}: input offsets that a restarted task needed to
 *       rebuild its open windows but the packets topic no longer held (deleted by retention); the
 *       windows then open are short of their packets</li>
 *   <li>{@code darkwatch.countries.forgotten}: countries dropped after {@code country.forget-after}
 *       of silence</li>
 *   <li>{@code darkwatch.anomalies{type,status}}: anomaly events published, e.g.
 *       {@code type=backscatter_surge,status=open}</li>
 *   <li>{@code darkwatch.config.accepted}: config records put in force</li>
 *   <li>{@code darkwatch.config.deleted}: config scopes deleted (tombstones)</li>
 *   <li>{@code darkwatch.config.rejected{reason}}: config records rejected, once under each distinct
 *       reason the record has ({@code malformed}, {@code schema-version}, {@code scope},
 *       {@code unknown-key}, {@code not-live}, {@code wrong-detector}, {@code type}, {@code range},
 *       {@code rule})</li>
 *   <li>{@code darkwatch.config.conflicts}: combinations of scopes that broke a rule after a deletion,
 *       resolved by leaving the most specific scopes out</li>
 * </ul>
 * (Config records are checked by every instance, and again each time an instance starts.)
 *
 * <p>The traffic behind the dashboards (per country, port, sensor; outage and backscatter signals
 * against their baselines; open anomalies) is in {@link #traffic()}.
 */
public final class TopologyMetrics {
    private final MeterRegistry registry;
    private final Counter windowsClosed;
    private final Counter countryWindows;
    private final Counter late;
    private final Counter forgotten;
    private final Counter rebuildMissing;
    private final TrafficMetrics traffic;

    public TopologyMetrics(MeterRegistry registry) {
        this(registry, TrafficMetricsLimits.DEFAULT);
    }

    public TopologyMetrics(MeterRegistry registry, TrafficMetricsLimits limits) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.traffic = new TrafficMetrics(registry, limits);
        windowsClosed = Counter.builder("darkwatch.windows.closed")
                .description("event-time windows closed").register(registry);
        countryWindows = Counter.builder("darkwatch.country.windows")
                .description("country windows emitted, silent ones included").register(registry);
        late = Counter.builder("darkwatch.records.late")
                .description("packets that arrived after their window had closed, dropped").register(registry);
        forgotten = Counter.builder("darkwatch.countries.forgotten")
                .description("countries forgotten after a long silence").register(registry);
        rebuildMissing = Counter.builder("darkwatch.windows.rebuild.missing")
                .description("input offsets needed to rebuild open windows after a restart but deleted by retention")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The per-country, per-port and per-sensor traffic metrics. */
    public TrafficMetrics traffic() {
        return traffic;
    }

    void windowsClosed(long n) {
        windowsClosed.increment(n);
    }

    /** {@code offsets} of the packets topic needed to rebuild open windows were gone. */
    void windowsRebuildMissing(long offsets) {
        rebuildMissing.increment(offsets);
    }

    void countryWindow() {
        countryWindows.increment();
    }

    /** Packets whose window had closed when they arrived, dropped. */
    void lateRecords(long packets) {
        late.increment(packets);
    }

    void countryForgotten(String country) {
        forgotten.increment();
        traffic.forget(country);
    }

    /** A record dropped as unusable, with a short reason tag such as {@code undecodable}. */
    public void invalidRecord(String reason) {
        Counter.builder("darkwatch.records.invalid").description("records dropped as unusable")
                .tag("reason", reason).register(registry).increment();
    }

    /** {@code n} packets dropped as unusable, e.g. a block whose country is not a two-letter code. */
    void invalidRecords(String reason, long n) {
        Counter.builder("darkwatch.records.invalid").description("records dropped as unusable")
                .tag("reason", reason).register(registry).increment(n);
    }

    void configAccepted() {
        Counter.builder("darkwatch.config.accepted").description("config records put in force")
                .register(registry).increment();
    }

    void configDeleted() {
        Counter.builder("darkwatch.config.deleted").description("config scopes deleted")
                .register(registry).increment();
    }

    void configRejected(String reason) {
        Counter.builder("darkwatch.config.rejected").description("config records rejected, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    void configConflict() {
        Counter.builder("darkwatch.config.conflicts")
                .description("scope combinations that broke a rule and were resolved without their most specific scopes")
                .register(registry).increment();
    }

    void anomaly(AnomalyType type, EpisodeStatus status) {
        Counter.builder("darkwatch.anomalies").description("anomaly events published")
                .tag("type", type.name().toLowerCase(Locale.ROOT))
                .tag("status", status.name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }
}
