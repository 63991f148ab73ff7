package io.darkwatch.streams.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.anomaly.Severity;
import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.streams.detect.BackscatterSurgeDetector;
import io.darkwatch.streams.detect.Evaluation;
import io.darkwatch.streams.detect.OutageDetector;
import io.darkwatch.streams.detect.Verdict;
import io.darkwatch.streams.detect.WindowObservation;
import io.darkwatch.streams.settings.DetectorSettings;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrafficMetricsTest {
    private static final Instant T0 = Instant.parse("2022-01-05T10:00:00Z");
    private final DetectorSettings settings = DetectorSettings.defaults();

    private static WindowObservation window(String country, long packets, long backscatter, long synAck, long scan,
            Map<Integer, Long> ports, long otherPorts) {
        CountryWindow w = new CountryWindow(country, T0, T0.plusSeconds(300), packets, synAck, backscatter, scan,
                Map.of(), ports, otherPorts, Map.of(), Map.of());
        return new WindowObservation(w, 7, 0, Map.of());
    }

    private static WindowObservation window(String country, long packets) {
        return window(country, packets, 0, 0, 0, Map.of(), 0);
    }

    @Test
    void shouldCountEachSignalOfAClosedWindowUnderItsCountry() {
        // Given
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TrafficMetrics metrics = new TrafficMetrics(registry, TrafficMetricsLimits.DEFAULT);

        // When two windows of UA close
        metrics.countryWindow(window("UA", 100, 40, 30, 20, Map.of(), 0), false);
        metrics.countryWindow(window("UA", 50, 4, 3, 2, Map.of(), 0), false);

        // Then
        assertEquals(150, count(registry, "UA", "packets"));
        assertEquals(44, count(registry, "UA", "backscatter"));
        assertEquals(33, count(registry, "UA", "syn_ack"));
        assertEquals(22, count(registry, "UA", "scan"));
        assertEquals(7, registry.get(TrafficMetrics.BACKSCATTER_VICTIMS).tag("country", "UA").gauge().value());
        assertNull(registry.find(TrafficMetrics.UNIQUE_SOURCES).gauge(), "unique sources are not counted");
    }

    @Test
    void shouldFoldCountriesBeyondTheLimitAndInvalidCodesIntoOther() {
        // Given room for two countries
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TrafficMetrics metrics = new TrafficMetrics(registry, new TrafficMetricsLimits(2, 10, 10));

        // When four countries are heard, one of them not an ISO code
        metrics.countryWindow(window("UA", 10), false);
        metrics.countryWindow(window("QQ", 20), false);
        metrics.countryWindow(window("KZ", 30), false);
        metrics.countryWindow(window("US", 40), false);

        // Then the first two valid codes have labels, the rest is "other", with no gauges of its own
        assertEquals(Set.of("UA", "KZ", "other"), countriesOf(registry, TrafficMetrics.TRAFFIC_PACKETS));
        assertEquals(60, count(registry, "other", "packets"));
        assertEquals(Set.of("UA", "KZ"), countriesOf(registry, TrafficMetrics.OUTAGE_SIGNAL));
    }

    @Test
    void shouldRemoveEverySeriesOfAForgottenCountryAndFreeItsPlace() {
        // Given a full label set with an open episode for KZ
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TrafficMetrics metrics = new TrafficMetrics(registry, new TrafficMetricsLimits(1, 10, 10));
        metrics.countryWindow(window("KZ", 10), false);
        metrics.anomaly(anomaly("KZ", AnomalyType.OUTAGE, EpisodeStatus.OPEN));

        // When KZ is forgotten and UA is heard
        metrics.forget("KZ");
        metrics.countryWindow(window("UA", 5), false);

        // Then nothing of KZ is left and UA has its own label
        assertTrue(Search.in(registry).tag("country", "KZ").meters().isEmpty());
        assertEquals(5, count(registry, "UA", "packets"));
    }

    @Test
    void shouldShowTheOutageSignalWithItsBaselineAndTheThresholdsInForce() {
        // Given KZ with a live-tuned warning ratio
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TrafficMetrics metrics = new TrafficMetrics(registry, TrafficMetricsLimits.DEFAULT);
        WindowObservation kz = window("KZ", 30);
        metrics.countryWindow(kz, false);
        DetectorSettings tuned = DetectorSettings.parse(Map.of("outage.warning-ratio", "0.5",
                "outage.critical-ratio", "0.2"));

        // When the outage detector judges the window against a baseline of 200
        metrics.evaluated(new OutageDetector(tuned), kz,
                new Evaluation(Verdict.ANOMALOUS, Severity.CRITICAL, 30, 200, 0.85, Map.of()), tuned);

        // Then
        assertEquals(30, gauge(registry, TrafficMetrics.OUTAGE_SIGNAL, "KZ"));
        assertEquals(200, gauge(registry, TrafficMetrics.OUTAGE_BASELINE, "KZ"));
        assertEquals(100, registry.get(TrafficMetrics.OUTAGE_THRESHOLD).tag("country", "KZ")
                .tag("severity", "warning").gauge().value(), 1e-9);
        assertEquals(40, registry.get(TrafficMetrics.OUTAGE_THRESHOLD).tag("country", "KZ")
                .tag("severity", "critical").gauge().value(), 1e-9);
        assertTrue(Double.isNaN(gauge(registry, TrafficMetrics.BACKSCATTER_BASELINE, "KZ")),
                "the backscatter detector has not judged yet");
    }

    @Test
    void shouldShowBackscatterAgainstItsBaselineAndNaNWhileThereIsNone() {
        // Given
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TrafficMetrics metrics = new TrafficMetrics(registry, TrafficMetricsLimits.DEFAULT);
        WindowObservation ua = window("UA", 500, 467, 464, 0, Map.of(), 0);
        metrics.countryWindow(ua, false);

        // When the first window has no baseline, the second one does
        metrics.evaluated(new BackscatterSurgeDetector(settings), ua, Evaluation.noBaseline(467), settings);
        assertTrue(Double.isNaN(gauge(registry, TrafficMetrics.BACKSCATTER_BASELINE, "UA")));
        metrics.evaluated(new BackscatterSurgeDetector(settings), ua,
                new Evaluation(Verdict.ANOMALOUS, Severity.CRITICAL, 467, 13, 125.9, Map.of()), settings);

        // Then
        assertEquals(467, gauge(registry, TrafficMetrics.BACKSCATTER_OBSERVED, "UA"));
        assertEquals(13, gauge(registry, TrafficMetrics.BACKSCATTER_BASELINE, "UA"));
    }

    @Test
    void shouldKeepAnEpisodeOpenUntilItResolves() {
        // Given
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TrafficMetrics metrics = new TrafficMetrics(registry, TrafficMetricsLimits.DEFAULT);
        metrics.countryWindow(window("UA", 10), false);

        // When / Then
        metrics.anomaly(anomaly("UA", AnomalyType.BACKSCATTER_SURGE, EpisodeStatus.OPEN));
        assertEquals(1, open(registry, "UA", "backscatter_surge"));
        metrics.anomaly(anomaly("UA", AnomalyType.BACKSCATTER_SURGE, EpisodeStatus.ONGOING));
        assertEquals(1, open(registry, "UA", "backscatter_surge"));
        metrics.anomaly(anomaly("UA", AnomalyType.BACKSCATTER_SURGE, EpisodeStatus.RESOLVED));
        assertEquals(0, open(registry, "UA", "backscatter_surge"));
    }

    @Test
    void shouldLabelOnlyThePortsWithTheMostPacketsAndCountTheRestAsOther() {
        // Given room for two ports
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TrafficMetrics metrics = new TrafficMetrics(registry, new TrafficMetricsLimits(10, 2, 10));

        // When 23 and 22 come first, then 445 overtakes 22
        metrics.countryWindow(window("CN", 0, 0, 0, 0, ordered(23, 100L, 22, 10L), 5), false);
        metrics.countryWindow(window("CN", 0, 0, 0, 0, ordered(445, 50L), 0), false);

        // Then
        Set<String> ports = registry.find(TrafficMetrics.PORT_PACKETS).counters().stream()
                .map(c -> c.getId().getTag("port")).collect(Collectors.toSet());
        assertEquals(Set.of("23", "445", "other"), ports);
        assertEquals(100, registry.get(TrafficMetrics.PORT_PACKETS).tag("port", "23").counter().count());
        assertEquals(50, registry.get(TrafficMetrics.PORT_PACKETS).tag("port", "445").counter().count());
        assertEquals(5, registry.get(TrafficMetrics.PORT_PACKETS).tag("port", "other").counter().count());
    }

    @Test
    void shouldCapTheSensorLabels() {
        // Given room for one sensor
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TrafficMetrics metrics = new TrafficMetrics(registry, new TrafficMetricsLimits(10, 10, 1));

        // When
        metrics.packetsFrom("tokyo-1", 1);
        metrics.packetsFrom("tokyo-1", 1);
        metrics.packetsFrom("osaka-2", 1);

        // Then
        assertEquals(2, registry.get(TrafficMetrics.SENSOR_PACKETS).tag("sensor", "tokyo-1").counter().count());
        assertEquals(1, registry.get(TrafficMetrics.SENSOR_PACKETS).tag("sensor", "other").counter().count());
    }

    @Test
    void shouldRejectLimitsOutOfRangeNamingEachOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrafficMetricsLimits(-1, 10, 5000));
        assertTrue(e.getMessage().contains("countries") && e.getMessage().contains("sensors"), e.getMessage());
        assertFalse(e.getMessage().contains("ports"), e.getMessage());
    }

    @Test
    void shouldExportPrometheusNamesAndLabelsTheDashboardsQuery() {
        // Given the Prometheus registry the services serve
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TrafficMetrics metrics = new TrafficMetrics(registry, TrafficMetricsLimits.DEFAULT);
        WindowObservation ua = window("UA", 500, 467, 464, 0, ordered(443, 237L), 3);
        metrics.countryWindow(ua, true);
        metrics.packetsFrom("s1", 1);
        metrics.evaluated(new OutageDetector(settings), ua, Evaluation.noBaseline(33), settings);
        metrics.anomaly(anomaly("UA", AnomalyType.BACKSCATTER_SURGE, EpisodeStatus.OPEN));

        // When the registry is collected as client_java's model, the one its text output is written from
        MetricSnapshots snapshots = registry.getPrometheusRegistry().scrape();

        // Then (client_java drops the _total suffix from counter names in its model)
        assertEquals(500, counterValue(snapshots, "darkwatch_traffic_packets",
                Labels.of("country", "UA", "signal", "packets")));
        assertEquals(237, counterValue(snapshots, "darkwatch_traffic_port_packets", Labels.of("port", "443")));
        assertEquals(1, counterValue(snapshots, "darkwatch_sensor_packets", Labels.of("sensor", "s1")));
        assertEquals(33, gaugeValue(snapshots, "darkwatch_outage_signal", Labels.of("country", "UA")));
        assertTrue(Double.isNaN(gaugeValue(snapshots, "darkwatch_outage_threshold",
                Labels.of("country", "UA", "severity", "warning"))));
        assertEquals(1, gaugeValue(snapshots, "darkwatch_anomalies_open",
                Labels.of("country", "UA", "type", "backscatter_surge")));
        assertEquals(0, gaugeValue(snapshots, "darkwatch_traffic_unique_sources", Labels.of("country", "UA")));
    }

    private static double counterValue(MetricSnapshots snapshots, String name, Labels labels) {
        MetricSnapshot s = find(snapshots, name);
        return ((CounterSnapshot) s).getDataPoints().stream().filter(d -> d.getLabels().equals(labels)).findFirst()
                .orElseThrow(() -> new AssertionError(name + labels + " not exported")).getValue();
    }

    private static double gaugeValue(MetricSnapshots snapshots, String name, Labels labels) {
        MetricSnapshot s = find(snapshots, name);
        return ((GaugeSnapshot) s).getDataPoints().stream().filter(d -> d.getLabels().equals(labels)).findFirst()
                .orElseThrow(() -> new AssertionError(name + labels + " not exported")).getValue();
    }

    private static MetricSnapshot find(MetricSnapshots snapshots, String name) {
        return snapshots.stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not exported"));
    }

    private static Map<Integer, Long> ordered(Object... portsAndCounts) {
        Map<Integer, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < portsAndCounts.length; i += 2) {
            m.put((Integer) portsAndCounts[i], (Long) portsAndCounts[i + 1]);
        }
        return m;
    }

    private static Anomaly anomaly(String country, AnomalyType type, EpisodeStatus status) {
        return new Anomaly(Anomaly.CURRENT_VERSION, type + "-" + country, type, country, T0, T0.plusSeconds(300),
                status, status == EpisodeStatus.RESOLVED ? null : Severity.CRITICAL, 1, 2, 3, "test", T0,
                status == EpisodeStatus.RESOLVED ? T0.plusSeconds(300) : null, Map.of());
    }

    private static double count(SimpleMeterRegistry registry, String country, String signal) {
        return registry.get(TrafficMetrics.TRAFFIC_PACKETS).tag("country", country).tag("signal", signal).counter()
                .count();
    }

    private static double gauge(SimpleMeterRegistry registry, String name, String country) {
        return registry.get(name).tag("country", country).gauge().value();
    }

    private static double open(SimpleMeterRegistry registry, String country, String type) {
        return registry.get(TrafficMetrics.ANOMALIES_OPEN).tag("country", country).tag("type", type).gauge().value();
    }

    private static Set<String> countriesOf(SimpleMeterRegistry registry, String name) {
        return registry.find(name).meters().stream().map(m -> m.getId().getTag("country"))
                .collect(Collectors.toSet());
    }
}
