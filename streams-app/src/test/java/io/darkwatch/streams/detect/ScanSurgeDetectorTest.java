package io.darkwatch.streams.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.anomaly.Severity;
import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.testing.Poisson;
import io.darkwatch.streams.testing.WindowTraffic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scan-surge detector on generated scanning: Poisson SYNs to seven well-known ports with a
 * daily rhythm. Until darkwatch-common has SCAN_SURGE, the detector runs here with UNKNOWN as a
 * stand-in type, through the same {@link CountryMonitor} and episode rules as the others.
 */
class ScanSurgeDetectorTest {
    private static final DetectorSettings DEFAULTS = DetectorSettings.defaults();
    private static final int DAY = 288;
    private static final int SEEDS = Integer.getInteger("darkwatch.quality.seeds", 40);
    private static final int[] PORTS = {22, 23, 80, 443, 445, 3389, 8080};
    /** Shares of the country's scans per port: 445 and 22 lead, 23 is one of the quieter ones. */
    private static final double[] SHARES = {0.25, 0.10, 0.12, 0.10, 0.28, 0.10, 0.05};

    private static List<Detector> detectors(DetectorSettings s) {
        return List.of(new BackscatterSurgeDetector(s), new OutageDetector(s),
                new ScanSurgeDetector(s, AnomalyType.UNKNOWN));
    }

    /** One window of scans (mean {@code scan}, spread over the ports), other packets and backscatter. */
    private static WindowObservation window(Random random, String country, int index, double other,
            double backscatter, double scan, int burstPort, double burstFactor) {
        Map<Integer, Long> ports = new LinkedHashMap<>();
        long scans = 0;
        for (int i = 0; i < PORTS.length; i++) {
            double mean = scan * SHARES[i] * (PORTS[i] == burstPort ? burstFactor : 1.0);
            long n = Poisson.sample(random, mean);
            if (n > 0) {
                ports.put(PORTS[i], n);
            }
            scans += n;
        }
        Map<Integer, Long> sorted = new LinkedHashMap<>();
        ports.entrySet().stream().sorted(Map.Entry.<Integer, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        long o = Poisson.sample(random, other);
        long b = Poisson.sample(random, backscatter);
        Instant start = Instant.ofEpochMilli(WindowTraffic.startOf(index));
        CountryWindow w = new CountryWindow(country, start, start.plusMillis(WindowTraffic.WINDOW_MILLIS),
                o + b + scans, b, b, scans, Map.of(), Map.of(), 0, b == 0 ? Map.of() : Map.of("192.0.2.10", b),
                b == 0 ? Map.of() : Map.of(443, b));
        return new WindowObservation(w, b == 0 ? 0 : 1, 0, sorted);
    }

    /** ±40 % around the mean, lowest at 04:00 UTC. */
    private static double rhythm(int window) {
        return 1.0 - 0.4 * Math.cos(2 * Math.PI * ((window % DAY) - 48) / DAY);
    }

    /** Packets per window of a country sending between 0.15 and 3 packets/s, log-uniformly. */
    private static double packetsPerWindow(Random random) {
        return 45.0 * Math.exp(random.nextDouble() * Math.log(20.0));
    }

    @Test
    void shouldFindATenMinuteFiftyfoldBurstOnTelnetWithinItsWindows() {
        List<String> failures = new ArrayList<>();
        for (int seed = 1; seed <= SEEDS; seed++) {
            // Given a country scanning with a daily rhythm for more than a day
            Random random = new Random(seed);
            double total = packetsPerWindow(random);
            double scanShare = 0.3 + 0.4 * random.nextDouble();
            int burst = DAY + 12 + random.nextInt(DAY / 2);
            CountryMonitor monitor = new CountryMonitor(DEFAULTS, detectors(DEFAULTS));
            CountryState state = CountryState.empty();
            List<Anomaly> events = new ArrayList<>();
            for (int i = 0; i < burst + 12; i++) {
                double r = rhythm(i);
                // When 23/TCP gets fifty times its scans for two windows (10 minutes)
                double factor = i == burst || i == burst + 1 ? 50.0 : 1.0;
                events.addAll(monitor.observe(state, window(random, "BR", i, total * (1 - scanShare) * 0.8 * r,
                        total * (1 - scanShare) * 0.2 * r, total * scanShare * r, 23, factor)));
            }
            // Then one scan-surge episode opens at the burst's first window, naming 23 as the top port,
            // and neither backscatter nor outage says anything
            List<Anomaly> opened = events.stream().filter(a -> a.status() == EpisodeStatus.OPEN).toList();
            if (opened.size() != 1 || !opened.get(0).detector().equals(ScanSurgeDetector.NAME)
                    || opened.get(0).episodeStart().toEpochMilli() != WindowTraffic.startOf(burst)
                    || !topPort(opened.get(0)).equals(23)) {
                failures.add("seed " + seed + " (" + Math.round(total * scanShare) + " scans a window): " + opened);
            }
            if (events.stream().anyMatch(a -> !a.detector().equals(ScanSurgeDetector.NAME))) {
                failures.add("seed " + seed + ": another detector spoke: " + events);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + SEEDS + ": " + failures);
    }

    @SuppressWarnings("unchecked")
    private static Object topPort(Anomaly a) {
        var ports = (List<Map<String, Object>>) a.details().get(ScanSurgeDetector.SCANNED_PORTS);
        return ports.get(0).get("port");
    }

    @Test
    void shouldRaiseNoEpisodeInTwoDaysOfSteadyScanningWithADailyRhythm() {
        // Given many countries scanning steadily with a ±40 % daily rhythm for a day of warm-up and 48 hours
        List<String> failures = new ArrayList<>();
        for (int seed = 1; seed <= SEEDS; seed++) {
            Random random = new Random(1000 + seed);
            double total = packetsPerWindow(random);
            double scanShare = 0.3 + 0.4 * random.nextDouble();
            ScanSurgeDetector detector = new ScanSurgeDetector(DEFAULTS, AnomalyType.UNKNOWN);
            CountryMonitor monitor = new CountryMonitor(DEFAULTS, List.of(detector));
            CountryState state = CountryState.empty();
            List<Anomaly> events = new ArrayList<>();
            int judged = 0;
            for (int i = 0; i < 3 * DAY; i++) {
                double r = rhythm(i);
                WindowObservation w = window(random, "DE", i, total * (1 - scanShare) * r, 0, total * scanShare * r,
                        -1, 1.0);
                events.addAll(monitor.observe(state, w));
                judged += i >= DAY ? 1 : 0;
            }
            assertEquals(2 * DAY, judged);
            // Then no scan surge is claimed
            if (!events.isEmpty()) {
                failures.add("seed " + seed + ": " + events);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + SEEDS + ": " + failures);
    }

    @Test
    void shouldJudgeTheMostScannedPortAgainstItsOwnHistory() {
        ScanSurgeDetector detector = new ScanSurgeDetector(DEFAULTS.with(Map.of("baseline.min-windows", "12")),
                AnomalyType.UNKNOWN);
        TrailingHistory h = Windows.history(Windows.repeat(8, 50));
        Map<Integer, Long> wave = new LinkedHashMap<>();
        wave.put(23, 400L);
        wave.put(445, 9L);
        Evaluation e = detector.evaluate(scans(wave), h);
        assertEquals(Verdict.ANOMALOUS, e.verdict());
        assertEquals(Severity.CRITICAL, e.severity());
        assertEquals(400.0, e.observed());
        assertEquals(8.0, e.expected());
        assertEquals(409L, e.details().get(ScanSurgeDetector.SCAN_PACKETS));
        // A busier port that is not five times the usual top port's level is no surge
        assertEquals(Verdict.NORMAL, detector.evaluate(scans(Map.of(445, 39L)), h).verdict());
        // And too little history is no claim
        assertEquals(Verdict.NO_BASELINE, detector.evaluate(scans(wave), Windows.history(Windows.repeat(8, 11)))
                .verdict());
    }

    private static WindowObservation scans(Map<Integer, Long> ports) {
        long total = ports.values().stream().mapToLong(Long::longValue).sum();
        Instant start = Instant.ofEpochMilli(WindowTraffic.startOf(50));
        return new WindowObservation(new CountryWindow("CN", start, start.plusSeconds(300), total, 0, 0, total,
                Map.of(), Map.of(), 0, Map.of(), Map.of()), 0, 0, ports);
    }

    @Test
    void shouldBeOffByDefaultAndReportScanSurgesWhenOn() {
        assertFalse(DEFAULTS.scanEnabled());
        assertEquals(List.of(BackscatterSurgeDetector.NAME, OutageDetector.NAME),
                Detectors.standard(DEFAULTS).stream().map(Detector::name).toList());
        assertTrue(Detectors.NAMES.containsAll(List.of(ScanSurgeDetector.NAME, ScanSweepDetector.NAME)),
                "config scopes may name them while they are off");
        DetectorSettings on = DetectorSettings.parse(Map.of("scan.enabled", "true"));
        assertEquals(List.of(BackscatterSurgeDetector.NAME, OutageDetector.NAME, ScanSurgeDetector.NAME,
                ScanSweepDetector.NAME),
                Detectors.standard(on).stream().map(Detector::name).toList());
        assertEquals(AnomalyType.SCAN_SURGE, new ScanSurgeDetector(on).type());
        assertEquals(AnomalyType.SCAN_SURGE, new ScanSweepDetector(on).type());
    }
}
