package io.darkwatch.streams.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * The port-sweep detector on generated scanners: a country's netblocks each probing a handful of
 * ports a window, with a daily rhythm in how many are active. SCAN_SURGE is not in common yet, so
 * UNKNOWN stands in for it.
 */
class ScanSweepDetectorTest {
    private static final DetectorSettings DEFAULTS = DetectorSettings.defaults();
    private static final int DAY = 288;
    private static final int SEEDS = Integer.getInteger("darkwatch.quality.seeds", 40);

    /** Active netblocks (mean {@code blocks}), each scanning 1 + Poisson(2) ports; one sweeping {@code sweep} ports. */
    private static WindowObservation window(Random random, int index, double blocks, long sweep) {
        List<Long> counts = new ArrayList<>();
        long n = Poisson.sample(random, blocks);
        for (int b = 0; b < n; b++) {
            counts.add(1 + Poisson.sample(random, 2.0));
        }
        if (sweep > 0) {
            counts.add(sweep);
        }
        counts.sort(java.util.Comparator.reverseOrder());
        Map<String, Long> top = new LinkedHashMap<>();
        for (int b = 0; b < Math.min(10, counts.size()); b++) {
            top.put("203.0." + (b + (sweep > 0 && b == 0 ? 100 : 0)) + ".0/24", counts.get(b));
        }
        Instant start = Instant.ofEpochMilli(WindowTraffic.startOf(index));
        CountryWindow w = new CountryWindow("US", start, start.plusMillis(WindowTraffic.WINDOW_MILLIS), 100, 0, 0,
                100, Map.of(), Map.of(), 0, Map.of(), Map.of());
        return new WindowObservation(w, 0, 0, Map.of(), top);
    }

    private static double rhythm(int window) {
        return 1.0 - 0.4 * Math.cos(2 * Math.PI * (window % DAY) / DAY);
    }

    @Test
    void shouldFindOneNetblockSweepingAThousandPortsForTenMinutes() {
        List<String> failures = new ArrayList<>();
        for (int seed = 1; seed <= SEEDS; seed++) {
            // Given a day and more of 5 to 50 netblocks scanning a few ports each
            Random random = new Random(seed);
            double blocks = 5 + 45 * random.nextDouble();
            int sweep = DAY + random.nextInt(DAY / 2);
            CountryMonitor monitor = new CountryMonitor(DEFAULTS,
                    List.of(new ScanSweepDetector(DEFAULTS, AnomalyType.UNKNOWN)));
            CountryState state = CountryState.empty();
            List<Anomaly> events = new ArrayList<>();
            for (int i = 0; i < sweep + 12; i++) {
                // When one block scans 1,000 ports in two windows
                events.addAll(monitor.observe(state, window(random, i, blocks * rhythm(i),
                        i == sweep || i == sweep + 1 ? 500 : 0)));
            }
            // Then one episode opens at the sweep, naming the block
            List<Anomaly> opened = events.stream().filter(a -> a.status() == EpisodeStatus.OPEN).toList();
            if (opened.size() != 1 || opened.get(0).episodeStart().toEpochMilli() != WindowTraffic.startOf(sweep)
                    || opened.get(0).severity() != Severity.CRITICAL
                    || !opened.get(0).details().get(ScanSweepDetector.SWEEPING_NETBLOCKS).toString()
                            .startsWith("[{netblock=203.0.100.0/24, ports=500}")) {
                failures.add("seed " + seed + ": " + opened);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + SEEDS + ": " + failures);
    }

    @Test
    void shouldRaiseNoEpisodeInTwoDaysOfSteadyScanningWithADailyRhythm() {
        List<String> failures = new ArrayList<>();
        for (int seed = 1; seed <= SEEDS; seed++) {
            Random random = new Random(2000 + seed);
            double blocks = 5 + 45 * random.nextDouble();
            CountryMonitor monitor = new CountryMonitor(DEFAULTS,
                    List.of(new ScanSweepDetector(DEFAULTS, AnomalyType.UNKNOWN)));
            CountryState state = CountryState.empty();
            List<Anomaly> events = new ArrayList<>();
            for (int i = 0; i < 3 * DAY; i++) {
                events.addAll(monitor.observe(state, window(random, i, blocks * rhythm(i), 0)));
            }
            if (!events.isEmpty()) {
                failures.add("seed " + seed + ": " + events);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + SEEDS + ": " + failures);
    }

    @Test
    void shouldNotClaimASweepBelowItsMinimumPortsHoweverQuietTheCountry() {
        ScanSweepDetector detector = new ScanSweepDetector(DEFAULTS.with(Map.of("baseline.min-windows", "12")),
                AnomalyType.UNKNOWN);
        TrailingHistory quiet = Windows.history(Windows.repeat(1, 50));
        assertEquals(Verdict.NORMAL, detector.evaluate(window(new Random(1), 50, 0, 99), quiet).verdict());
        assertEquals(Verdict.ANOMALOUS, detector.evaluate(window(new Random(1), 50, 0, 100), quiet).verdict());
    }
}
