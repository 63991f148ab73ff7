package io.darkwatch.streams.metrics;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.streams.detect.Detector;
import io.darkwatch.streams.detect.EvaluationListener;
import io.darkwatch.streams.detect.Evaluation;
import io.darkwatch.streams.detect.WindowObservation;
import io.darkwatch.streams.settings.DetectorSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The traffic behind the dashboards, fed from closed country windows and the detectors' judgements
 * of them. Everything here describes <em>closed</em> windows, so it trails real time by a window plus
 * its grace period; counters add a window's counts when it closes.
 *
 * <ul>
 *   <li>{@value #TRAFFIC_PACKETS}{@code {country, signal}} (counter): packets per country and signal,
 *       {@code signal} one of {@code packets} (all), {@code backscatter}, {@code syn_ack}, {@code scan}</li>
 *   <li>{@value #PORT_PACKETS}{@code {port}} (counter): TCP/UDP packets per destination port, for the
 *       ports with the most packets so far (at most {@link TrafficMetricsLimits#maxPorts()}); every other
 *       port under {@code port="other"}. A port that enters the set starts a new series at zero, one that
 *       leaves it is removed: read it with {@code rate()}.</li>
 *   <li>{@value #SENSOR_PACKETS}{@code {sensor}} (counter): packets received per sensor id, as they
 *       arrive (heartbeats are not counted)</li>
 *   <li>gauges of the last closed window per country: {@value #OUTAGE_SIGNAL} (what the outage
 *       detector counts, per {@code outage.signal}), {@value #OUTAGE_BASELINE}, {@value #OUTAGE_THRESHOLD}
 *       {@code {severity=warning|critical}} (the baseline times the ratios in force for the country),
 *       {@value #BACKSCATTER_OBSERVED}, {@value #BACKSCATTER_BASELINE}, {@value #BACKSCATTER_VICTIMS}
 *       (distinct SYN/ACK sources) and, when {@code outage.signal=unique-sources}, {@value #UNIQUE_SOURCES}.
 *       A baseline is NaN while the detector has none (warm-up, or too small to judge).</li>
 *   <li>{@value #ANOMALIES_OPEN}{@code {type, country}} (gauge): 1 while an episode is open, 0 after it
 *       resolved (set from the events this instance publishes, so after a restart an open episode shows
 *       again with its next ONGOING event)</li>
 * </ul>
 *
 * <p>Cardinality is bounded by {@link TrafficMetricsLimits}: {@code country} only takes ISO 3166-1
 * alpha-2 codes actually seen (and {@code ZZ}, unknown), at most {@code maxCountries} of them, the
 * rest counted under {@code country="other"} (counters only); {@code port} and {@code sensor} are capped
 * the same way. When a country is forgotten ({@code country.forget-after}) all its series are removed
 * and its place is free again. With several instances each exports the countries of the tasks it
 * owns: sum over instances ({@code sum by (country)}).
 *
 * <p>Thread-safe: one instance serves all stream threads. Updates are per closed window, not per
 * packet, except the sensor counter, which is a map lookup and an add.
 */
public final class TrafficMetrics implements EvaluationListener {
    public static final String TRAFFIC_PACKETS = "darkwatch.traffic.packets";
    public static final String PORT_PACKETS = "darkwatch.traffic.port.packets";
    public static final String SENSOR_PACKETS = "darkwatch.sensor.packets";
    public static final String UNIQUE_SOURCES = "darkwatch.traffic.unique.sources";
    public static final String OUTAGE_SIGNAL = "darkwatch.outage.signal";
    public static final String OUTAGE_BASELINE = "darkwatch.outage.baseline";
    public static final String OUTAGE_THRESHOLD = "darkwatch.outage.threshold";
    public static final String BACKSCATTER_OBSERVED = "darkwatch.backscatter.observed";
    public static final String BACKSCATTER_BASELINE = "darkwatch.backscatter.baseline";
    public static final String BACKSCATTER_VICTIMS = "darkwatch.backscatter.victims";
    public static final String ANOMALIES_OPEN = "darkwatch.anomalies.open";
    static final String OTHER = CountryLabels.OTHER;

    private final MeterRegistry registry;
    private final TrafficMetricsLimits limits;
    private final CountryLabels countries;
    private final Map<String, CountryMeters> byCountry = new HashMap<>();
    private final Map<String, Counter> otherCountry = new HashMap<>();
    private final TopPorts ports;
    private final Map<String, Counter> sensors = new ConcurrentHashMap<>();

    public TrafficMetrics(MeterRegistry registry, TrafficMetricsLimits limits) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.countries = new CountryLabels(limits.maxCountries());
        this.ports = new TopPorts(limits.maxPorts());
    }

    /** One packet from {@code sensorId} arrived (called per packet: a lookup and an add). */
    public void packetsFrom(String sensorId, long packets) {
        Counter c = sensors.get(sensorId);
        if (c == null) {
            c = sensorCounter(sensorId);
        }
        c.increment(packets);
    }

    private synchronized Counter sensorCounter(String sensorId) {
        Counter c = sensors.get(sensorId);
        if (c != null) {
            return c;
        }
        String label = sensors.size() < limits.maxSensors() ? sensorId : OTHER;
        c = Counter.builder(SENSOR_PACKETS).description("packets received by the streams app, per sensor id")
                .tag("sensor", label).register(registry);
        // A sensor past the limit shares the "other" counter; the map stays bounded by the limit + the others
        // seen, and sensor ids are few and fixed in practice.
        if (label.equals(sensorId) || sensors.size() < 4 * limits.maxSensors() + 16) {
            sensors.put(sensorId, c);
        }
        return c;
    }

    /** A country window closed: adds its counts. */
    public synchronized void countryWindow(WindowObservation observation, boolean uniqueSourcesCounted) {
        CountryWindow w = observation.window();
        String label = countries.label(w.country());
        if (label.equals(OTHER)) {
            add(otherCountry, "packets", w.packets());
            add(otherCountry, "backscatter", w.backscatter());
            add(otherCountry, "syn_ack", w.synAck());
            add(otherCountry, "scan", w.scan());
        } else {
            CountryMeters m = byCountry.computeIfAbsent(label, this::countryMeters);
            m.packets.increment(w.packets());
            m.backscatter.increment(w.backscatter());
            m.synAck.increment(w.synAck());
            m.scan.increment(w.scan());
            m.victims = observation.distinctVictims();
            if (uniqueSourcesCounted) {
                m.uniqueSources(observation.uniqueSources());
            }
        }
        for (Map.Entry<Integer, Long> e : w.dstPortCounts().entrySet()) {
            ports.add(e.getKey(), e.getValue());
        }
        ports.addOther(w.otherPortPackets());
    }

    @Override
    public synchronized void evaluated(Detector detector, WindowObservation window, Evaluation evaluation,
            DetectorSettings settings) {
        CountryMeters m = byCountry.get(window.country());
        if (m == null) {
            return;
        }
        if (detector.type() == AnomalyType.OUTAGE) {
            m.outageSignal = evaluation.observed();
            m.outageBaseline = evaluation.expected();
            m.outageWarning = evaluation.expected() * settings.outageWarningRatio();
            m.outageCritical = evaluation.expected() * settings.outageCriticalRatio();
        } else if (detector.type() == AnomalyType.BACKSCATTER_SURGE) {
            m.backscatterObserved = evaluation.observed();
            m.backscatterBaseline = evaluation.expected();
        }
    }

    /** An anomaly event was published: its episode is open until it resolves. */
    public synchronized void anomaly(Anomaly anomaly) {
        CountryMeters m = byCountry.get(anomaly.country());
        if (m == null) {
            return;
        }
        m.open(anomaly.type()).value = anomaly.status() == EpisodeStatus.RESOLVED ? 0 : 1;
    }

    /** A country was forgotten after its long silence: its series go, and its place is free. */
    public synchronized void forget(String country) {
        CountryMeters m = byCountry.remove(country);
        if (m != null) {
            m.meters.forEach(registry::remove);
        }
        countries.release(country);
    }

    private void add(Map<String, Counter> counters, String signal, long n) {
        counters.computeIfAbsent(signal, s -> trafficCounter(OTHER, s)).increment(n);
    }

    private Counter trafficCounter(String country, String signal) {
        return Counter.builder(TRAFFIC_PACKETS).description("packets per source country and signal, by closed window")
                .tag("country", country).tag("signal", signal).register(registry);
    }

    private CountryMeters countryMeters(String country) {
        return new CountryMeters(country);
    }

    /** Every series of one country with a label of its own. */
    private final class CountryMeters {
        final String country;
        final List<Meter> meters = new ArrayList<>();
        final Counter packets;
        final Counter backscatter;
        final Counter synAck;
        final Counter scan;
        final Map<AnomalyType, OpenFlag> open = new LinkedHashMap<>();
        volatile double outageSignal = Double.NaN;
        volatile double outageBaseline = Double.NaN;
        volatile double outageWarning = Double.NaN;
        volatile double outageCritical = Double.NaN;
        volatile double backscatterObserved = Double.NaN;
        volatile double backscatterBaseline = Double.NaN;
        volatile double victims = Double.NaN;
        volatile double uniqueSources = Double.NaN;
        private boolean uniqueSourcesRegistered;

        CountryMeters(String country) {
            this.country = country;
            packets = keep(trafficCounter(country, "packets"));
            backscatter = keep(trafficCounter(country, "backscatter"));
            synAck = keep(trafficCounter(country, "syn_ack"));
            scan = keep(trafficCounter(country, "scan"));
            gauge(OUTAGE_SIGNAL, "the outage detector's signal in the country's last closed window", m -> m.outageSignal);
            gauge(OUTAGE_BASELINE, "the outage detector's baseline for the last closed window (NaN: none yet)",
                    m -> m.outageBaseline);
            keep(Gauge.builder(OUTAGE_THRESHOLD, this, m -> m.outageWarning).strongReference(true)
                    .description("outage signal at or below which a window is anomalous (baseline x ratio in force)")
                    .tag("country", country).tag("severity", "warning").register(registry));
            keep(Gauge.builder(OUTAGE_THRESHOLD, this, m -> m.outageCritical).strongReference(true)
                    .description("outage signal at or below which a window is anomalous (baseline x ratio in force)")
                    .tag("country", country).tag("severity", "critical").register(registry));
            gauge(BACKSCATTER_OBSERVED, "backscatter packets in the country's last closed window",
                    m -> m.backscatterObserved);
            gauge(BACKSCATTER_BASELINE, "the backscatter-surge detector's baseline for the last closed window",
                    m -> m.backscatterBaseline);
            gauge(BACKSCATTER_VICTIMS, "distinct SYN/ACK sources (DDoS victims) in the country's last closed window",
                    m -> m.victims);
        }

        void uniqueSources(long n) {
            uniqueSources = n;
            if (!uniqueSourcesRegistered) {
                gauge(UNIQUE_SOURCES, "distinct sources of non-backscatter packets in the last closed window",
                        m -> m.uniqueSources);
                uniqueSourcesRegistered = true;
            }
        }

        OpenFlag open(AnomalyType type) {
            return open.computeIfAbsent(type, t -> {
                OpenFlag flag = new OpenFlag();
                keep(Gauge.builder(ANOMALIES_OPEN, flag, f -> f.value).strongReference(true)
                        .description("1 while an anomaly episode of this type is open for the country, else 0")
                        .tag("type", t.name().toLowerCase(Locale.ROOT)).tag("country", country).register(registry));
                return flag;
            });
        }

        private void gauge(String name, String description, ToDoubleFunction<CountryMeters> value) {
            keep(Gauge.builder(name, this, value).strongReference(true).description(description)
                    .tag("country", country).register(registry));
        }

        private <M extends Meter> M keep(M meter) {
            meters.add(meter);
            return meter;
        }
    }

    private static final class OpenFlag {
        volatile double value;
    }

    /** The destination ports with a label of their own: the ones with the most packets so far. */
    private final class TopPorts {
        private final int limit;
        private final long[] totals = new long[65_536];
        private final Map<Integer, Counter> exported = new HashMap<>();
        private Counter other;

        TopPorts(int limit) {
            this.limit = limit;
        }

        void add(int port, long packets) {
            totals[port] += packets;
            Counter c = exported.get(port);
            if (c == null && limit > 0) {
                if (exported.size() < limit) {
                    c = register(port);
                } else {
                    int weakest = weakest();
                    if (totals[port] > totals[weakest]) {
                        registry.remove(exported.remove(weakest));
                        c = register(port);
                    }
                }
            }
            if (c != null) {
                c.increment(packets);
            } else {
                addOther(packets);
            }
        }

        void addOther(long packets) {
            if (other == null) {
                other = Counter.builder(PORT_PACKETS).description("TCP/UDP packets per destination port, top ports only")
                        .tag("port", OTHER).register(registry);
            }
            other.increment(packets);
        }

        private int weakest() {
            int weakest = -1;
            for (int p : exported.keySet()) {
                if (weakest < 0 || totals[p] < totals[weakest]) {
                    weakest = p;
                }
            }
            return weakest;
        }

        private Counter register(int port) {
            Counter c = Counter.builder(PORT_PACKETS).description("TCP/UDP packets per destination port, top ports only")
                    .tag("port", Integer.toString(port)).register(registry);
            exported.put(port, c);
            return c;
        }
    }
}
