package io.darkwatch.streams.detect;

import static io.darkwatch.streams.testing.WindowTraffic.WINDOW_MILLIS;
import static io.darkwatch.streams.testing.WindowTraffic.startOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.testing.WindowTraffic;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The quality goals of the default settings, on generated Poisson traffic with many seeds and many
 * countries. Rates are per five-minute window: a country at 0.15 packets/s sends 45.
 *
 * <p>Goals: a backscatter surge of at least 3× and an outage of at least 90 %, each lasting at
 * least an hour, in a country sending at least 0.15 packets/s, are found with the episode's onset
 * within two windows of the true start; steady traffic, a daily rhythm of ±40 % and a 10-minute scan
 * burst raise no episode at all.
 *
 * <p>The surge goal needs the country's backscatter to be countable: the generated countries have
 * at least 20 % backscatter (≥ 9 packets a window at 0.15 packets/s), so a 3× surge brings ≥ 27.
 * Below that, Poisson noise and the surge overlap (see {@code backscatter.min-packets}).
 */
class DetectionQualityTest {
    private static final DetectorSettings DEFAULTS = DetectorSettings.defaults();
    private static final int DAY = 288;
    /** Seeds per goal; raise it (-Ddarkwatch.quality.seeds=400) to measure the margins after changing a detector. */
    private static final int SEEDS = Integer.getInteger("darkwatch.quality.seeds", 40);
    /** Seeds for the 30-country false-positive goals. */
    private static final int FP_SEEDS = Math.max(1, SEEDS / 8);

    /** Mean counts of one generated window. */
    private record Means(double other, double backscatter, double scan) {
    }

    private interface Traffic {
        Means at(int window);
    }

    private static List<Anomaly> run(DetectorSettings settings, Random random, String country, int windows,
            Traffic traffic) {
        CountryMonitor monitor = new CountryMonitor(settings);
        CountryState state = CountryState.empty();
        List<Anomaly> events = new ArrayList<>();
        for (int i = 0; i < windows; i++) {
            Means m = traffic.at(i);
            events.addAll(monitor.observe(state, WindowTraffic.window(random, country, i, m.other(),
                    m.backscatter(), m.scan())));
        }
        return events;
    }

    /** Packets per window of a country sending between 0.15 and 3 packets/s, log-uniformly. */
    private static double packetsPerWindow(Random random) {
        return 45.0 * Math.exp(random.nextDouble() * Math.log(20.0));
    }

    private static List<Anomaly> ofType(List<Anomaly> events, AnomalyType type) {
        return events.stream().filter(a -> a.type() == type).toList();
    }

    @Test
    void shouldFindEveryBackscatterSurgeOfThreeTimesWithinTwoWindowsOfItsOnset() {
        // Given many countries, each with a day of steady traffic and then a 1-3 h surge of 3-6x backscatter
        List<String> failures = new ArrayList<>();
        for (int seed = 1; seed <= SEEDS; seed++) {
            Random random = new Random(seed);
            double total = packetsPerWindow(random);
            double share = 0.2 + 0.1 * random.nextDouble();
            double factor = 3.0 + 3.0 * random.nextDouble();
            int surgeStart = DAY + random.nextInt(DAY / 2);
            int surgeEnd = surgeStart + 12 + random.nextInt(25);
            Traffic traffic = i -> new Means(total * (1 - share) * 0.7,
                    total * share * (i >= surgeStart && i < surgeEnd ? factor : 1.0), total * (1 - share) * 0.3);

            // When the detectors see two days of it
            List<Anomaly> events = run(DEFAULTS, random, "UA", 2 * DAY, traffic);

            // Then there is one backscatter episode, opened within two windows of the surge's start
            List<Anomaly> surge = ofType(events, AnomalyType.BACKSCATTER_SURGE);
            List<Anomaly> opens = surge.stream().filter(a -> a.status() == EpisodeStatus.OPEN).toList();
            String scenario = "seed " + seed + String.format(" (%.0f pkt/window, %.0f%% backscatter, %.1fx)",
                    total, 100 * share, factor);
            if (opens.size() != 1) {
                failures.add(scenario + ": " + opens.size() + " episodes opened");
                continue;
            }
            long onsetLag = (opens.get(0).episodeStart().toEpochMilli() - startOf(surgeStart)) / WINDOW_MILLIS;
            if (onsetLag < 0 || onsetLag > 2) {
                failures.add(scenario + ": onset " + onsetLag + " windows after the surge began");
            }
            if (surge.stream().noneMatch(a -> a.status() == EpisodeStatus.RESOLVED)) {
                failures.add(scenario + ": never resolved");
            }
            if (!ofType(events, AnomalyType.OUTAGE).isEmpty()) {
                failures.add(scenario + ": an outage was reported");
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void shouldFindNearlyEverySurgeAtTheEdgeOfTheGoalInTimeAndAllOfThemSoonAfter() {
        // Given the hardest case of the goal: 0.15 packets/s (45 a window) with 20 % backscatter
        // (9 a window) and a surge of exactly 3x for exactly one hour, for many seeds
        int seeds = 5 * SEEDS;
        int inTime = 0;
        List<String> failures = new ArrayList<>();
        for (int seed = 1; seed <= seeds; seed++) {
            Random random = new Random(5000 + seed);
            int surgeStart = DAY + random.nextInt(DAY / 2);
            Traffic traffic = i -> new Means(45 * 0.8 * 0.7, 9 * (i >= surgeStart && i < surgeStart + 12 ? 3.0 : 1.0),
                    45 * 0.8 * 0.3);

            // When the detectors see two days of it
            List<Anomaly> opens = ofType(run(DEFAULTS, random, "UA", 2 * DAY, traffic), AnomalyType.BACKSCATTER_SURGE)
                    .stream().filter(a -> a.status() == EpisodeStatus.OPEN).toList();

            // Then 95 % are opened with their onset within two windows, and every one within six
            long lag = opens.isEmpty() ? Long.MAX_VALUE
                    : (opens.get(0).episodeStart().toEpochMilli() - startOf(surgeStart)) / WINDOW_MILLIS;
            if (lag >= 0 && lag <= 2) {
                inTime++;
            }
            if (lag < 0 || lag > 6) {
                failures.add("seed " + seed + ": onset lag " + (opens.isEmpty() ? "none" : lag + " windows"));
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(inTime >= 0.95 * seeds, inTime + " of " + seeds + " found within two windows of the onset");
    }

    @Test
    void shouldFindEveryOutageOfNinetyPercentWithinTwoWindowsOfItsOnset() {
        // Given many countries, each with a day of steady traffic and then a 1-3 h drop to 10 % or to nothing
        List<String> failures = new ArrayList<>();
        for (int seed = 1; seed <= SEEDS; seed++) {
            Random random = new Random(1000 + seed);
            double total = packetsPerWindow(random);
            double share = 0.05 + 0.25 * random.nextDouble();
            double remaining = seed % 2 == 0 ? 0.0 : 0.1;
            int outageStart = DAY + random.nextInt(DAY / 2);
            int outageEnd = outageStart + 12 + random.nextInt(25);
            Traffic traffic = i -> {
                double f = i >= outageStart && i < outageEnd ? remaining : 1.0;
                return new Means(total * (1 - share) * 0.7 * f, total * share * f, total * (1 - share) * 0.3 * f);
            };

            // When the detectors see two days of it
            List<Anomaly> events = run(DEFAULTS, random, "KZ", 2 * DAY, traffic);

            // Then there is one outage episode, opened within two windows of the drop, and it is resolved
            List<Anomaly> outage = ofType(events, AnomalyType.OUTAGE);
            List<Anomaly> opens = outage.stream().filter(a -> a.status() == EpisodeStatus.OPEN).toList();
            String scenario = "seed " + seed + String.format(" (%.0f pkt/window, down to %.0f%%)", total,
                    100 * remaining);
            if (opens.size() != 1) {
                failures.add(scenario + ": " + opens.size() + " episodes opened");
                continue;
            }
            long onsetLag = (opens.get(0).episodeStart().toEpochMilli() - startOf(outageStart)) / WINDOW_MILLIS;
            if (onsetLag < 0 || onsetLag > 2) {
                failures.add(scenario + ": onset " + onsetLag + " windows after the drop");
            }
            if (outage.stream().noneMatch(a -> a.status() == EpisodeStatus.RESOLVED)) {
                failures.add(scenario + ": never resolved");
            }
            if (!ofType(events, AnomalyType.BACKSCATTER_SURGE).isEmpty()) {
                failures.add(scenario + ": a backscatter surge was reported");
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void shouldRaiseNoEpisodeIn48HoursOfSteadyPoissonTrafficFor30Countries() {
        // Given 30 countries of steady Poisson traffic between 0.15 and 3 packets/s, for several seeds
        List<String> failures = new ArrayList<>();
        for (int seed = 1; seed <= FP_SEEDS; seed++) {
            Random random = new Random(2000 + seed);
            for (int c = 0; c < 30; c++) {
                double total = packetsPerWindow(random);
                double share = 0.3 * random.nextDouble();
                Traffic traffic = i -> new Means(total * (1 - share) * 0.7, total * share, total * (1 - share) * 0.3);

                // When the detectors see 48 hours of it
                List<Anomaly> events = run(DEFAULTS, random, country(c), 2 * DAY, traffic);

                // Then nothing is reported
                if (!events.isEmpty()) {
                    failures.add("seed " + seed + " country " + c + ": " + events.get(0));
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void shouldRaiseNoEpisodeFromADailyRhythmOfFortyPercent() {
        // Given 30 countries whose traffic follows a ±40 % sinusoid over 24 h, each with its own phase
        List<String> failures = new ArrayList<>();
        for (int seed = 1; seed <= FP_SEEDS; seed++) {
            Random random = new Random(3000 + seed);
            for (int c = 0; c < 30; c++) {
                double total = packetsPerWindow(random);
                double share = 0.3 * random.nextDouble();
                double phase = 2 * Math.PI * random.nextDouble();
                Traffic traffic = i -> {
                    double f = 1.0 + 0.4 * Math.sin(2 * Math.PI * i / DAY + phase);
                    return new Means(total * (1 - share) * 0.7 * f, total * share * f, total * (1 - share) * 0.3 * f);
                };

                // When the detectors see 48 hours of it
                List<Anomaly> events = run(DEFAULTS, random, country(c), 2 * DAY, traffic);

                // Then nothing is reported
                if (!events.isEmpty()) {
                    failures.add("seed " + seed + " country " + c + ": " + events.get(0));
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void shouldTakeATenMinuteScanBurstForNeitherBackscatterNorOutage() {
        // Given 30 countries each hit by a 10-minute burst of SYN scans at 20x its usual traffic
        List<String> failures = new ArrayList<>();
        for (int seed = 1; seed <= FP_SEEDS; seed++) {
            Random random = new Random(4000 + seed);
            for (int c = 0; c < 30; c++) {
                double total = packetsPerWindow(random);
                double share = 0.3 * random.nextDouble();
                int burst = DAY + random.nextInt(DAY);
                Traffic traffic = i -> new Means(total * (1 - share) * 0.7, total * share,
                        total * (1 - share) * 0.3 + (i == burst || i == burst + 1 ? 20 * total : 0));

                // When the detectors see 48 hours of it
                List<Anomaly> events = run(DEFAULTS, random, country(c), 2 * DAY, traffic);

                // Then nothing is reported
                if (!events.isEmpty()) {
                    failures.add("seed " + seed + " country " + c + ": " + events.get(0));
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void shouldClaimNothingForACountryTooSmallToJudge() {
        // Given a country at 0.02 packets/s (6 a window) that goes dark and then has 5 backscatter packets
        Random random = new Random(5);
        Traffic traffic = i -> i < DAY ? new Means(5, 1, 0) : i < DAY + 24 ? new Means(0, 0, 0) : new Means(5, 5, 0);

        // When the detectors see it
        List<Anomaly> events = run(DEFAULTS, random, "TV", 2 * DAY, traffic);

        // Then neither the silence nor the few packets are claimed: they are within chance
        assertTrue(events.isEmpty(), () -> events.toString());
    }

    private static String country(int i) {
        return "" + (char) ('A' + i / 26) + (char) ('A' + i % 26);
    }
}
