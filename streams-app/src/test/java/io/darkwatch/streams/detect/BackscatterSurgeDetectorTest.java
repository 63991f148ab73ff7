package io.darkwatch.streams.detect;

import static io.darkwatch.streams.detect.Windows.history;
import static io.darkwatch.streams.detect.Windows.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.anomaly.Severity;
import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.testing.Poisson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackscatterSurgeDetectorTest {
    private static final DetectorSettings SETTINGS = DetectorSettings.defaults().with(Map.of(
            "baseline.min-windows", "12"));
    private final BackscatterSurgeDetector detector = new BackscatterSurgeDetector(SETTINGS);

    private static TrailingHistory poissonHistory(Random random, double mean, int n) {
        TrailingHistory h = new TrailingHistory(n);
        for (int i = 0; i < n; i++) {
            h.add(Poisson.sample(random, mean), false);
        }
        return h;
    }

    @Test
    void shouldMakeNoClaimBeforeTheBaselineHasEnoughWindows() {
        Evaluation e = detector.evaluate(Windows.window("UA", 11, 500, 400), history(repeat(10, 11)));
        assertEquals(Verdict.NO_BASELINE, e.verdict());
    }

    @Test
    void shouldFlagThreeTimesTheBaselineAndNameTheVictimsAndPorts() {
        // Given a steady history of 10 backscatter packets a window
        TrailingHistory h = history(repeat(10, 50));
        Instant start = Instant.parse("2024-01-01T12:00:00Z");
        CountryWindow w = new CountryWindow("UA", start, start.plusSeconds(300), 60, 30, 32, 0, Map.of(), Map.of(), 0,
                Map.of("198.51.100.1", 20L, "198.51.100.2", 10L), Map.of(443, 22L, 80, 8L));

        // When a window has 32
        Evaluation e = detector.evaluate(new WindowObservation(w, 7), h);

        // Then it is anomalous against a baseline of 10, with victims and ports largest first
        assertEquals(Verdict.ANOMALOUS, e.verdict());
        assertEquals(10.0, e.expected());
        assertEquals(32.0, e.observed());
        assertEquals((32 - 10) / Math.sqrt(10), e.score(), 1e-9);
        assertEquals(List.of(Map.of("address", "198.51.100.1", "packets", 20L),
                Map.of("address", "198.51.100.2", "packets", 10L)), e.details().get("topVictims"));
        assertEquals(List.of(Map.of("port", 443, "packets", 22L), Map.of("port", 80, "packets", 8L)),
                e.details().get("victimPorts"));
        assertEquals(7L, e.details().get("distinctVictims"));
        assertEquals(0L, e.details().get("attackCount"));
        assertEquals(List.of(), e.details().get("attacks"));
    }

    @Test
    void shouldCarryTheVictimsAttacksInTheDetails() {
        TrailingHistory h = history(repeat(10, 50));
        Instant start = Instant.parse("2022-02-15T14:00:00Z");
        CountryWindow w = new CountryWindow("UA", start, start.plusSeconds(300), 60, 30, 32, 0, Map.of(), Map.of(), 0,
                Map.of("198.51.100.1", 30L), Map.of(443, 30L));
        VictimAttack attack = new VictimAttack("198.51.100.1", 25_482, start.plusSeconds(10), start.plusSeconds(100),
                30, 30);

        Evaluation e = detector.evaluate(new WindowObservation(w, 1, 0, Map.of(), Map.of(), List.of(attack), 3), h);

        assertEquals(3L, e.details().get("attackCount"));
        assertEquals(List.of(Map.of("address", "198.51.100.1", "asn", 25_482, "start", "2022-02-15T14:00:10Z",
                "end", "2022-02-15T14:01:40Z", "durationSeconds", 90L, "packets", 30L, "maxPacketsPer60s", 30L)),
                e.details().get("attacks"));
    }

    @Test
    void shouldNotFlagSmallCountsThatAreLargeOnlyInRatio() {
        // Given a country that usually has one backscatter packet a window, now eight: 8x, z = 7, but few packets
        Evaluation e = detector.evaluate(Windows.window("TV", 60, 20, 8), history(repeat(1, 60)));
        assertEquals(Verdict.NORMAL, e.verdict());
    }

    @Test
    void shouldFlagBackscatterFromACountryThatNeverHadAny() {
        Evaluation e = detector.evaluate(Windows.window("TV", 60, 40, 40), history(repeat(0, 60)));
        assertEquals(Verdict.ANOMALOUS, e.verdict());
        assertEquals(Severity.CRITICAL, e.severity());
    }

    @Test
    void shouldNotFlagABigCountryWhoseWobbleIsLargeInPacketsButSmallInRatio() {
        // Given a country with about 1000 a window and a spread of about 100, now 1500: z = 5 but only 1.5x
        long[] values = new long[60];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1000 + (i % 2 == 0 ? 70 : -70);
        }
        Evaluation e = detector.evaluate(Windows.window("US", 60, 3000, 1500), history(values));
        assertEquals(Verdict.NORMAL, e.verdict());
    }

    @Test
    void shouldLeaveAnomalousWindowsOutOfTheBaseline() {
        // Given a history of 10s with a two-hour surge of 100s flagged as anomalous
        TrailingHistory h = new TrailingHistory(100);
        for (int i = 0; i < 40; i++) {
            h.add(10, false);
        }
        for (int i = 0; i < 24; i++) {
            h.add(100, true);
        }
        // When the surge goes on, Then its own windows have not raised the baseline
        Evaluation e = detector.evaluate(Windows.window("UA", 64, 200, 100), h);
        assertEquals(10.0, e.expected());
        assertEquals(Verdict.ANOMALOUS, e.verdict());
    }

    @Test
    void shouldRarelyFlagPoissonNoiseAtAnyRate() {
        // Given steady Poisson backscatter from 0.5 to 1000 packets a window, 100 seeds each
        for (double mean : new double[] {0.5, 2, 5, 9, 20, 50, 200, 1000}) {
            int flagged = 0;
            int windows = 0;
            for (int seed = 0; seed < 100; seed++) {
                Random random = new Random(seed);
                TrailingHistory h = poissonHistory(random, mean, 288);
                // When ten more windows of the same traffic are judged
                for (int i = 0; i < 10; i++) {
                    long b = Poisson.sample(random, mean);
                    if (detector.evaluate(Windows.window("XX", 288 + i, 2 * b, b), h).anomalous()) {
                        flagged++;
                    }
                    windows++;
                }
            }
            // Then fewer than 1 window in 1000 is flagged (episodes need two in a row)
            assertTrue(flagged <= windows / 1000, flagged + " of " + windows + " windows flagged at mean " + mean);
        }
    }

    @Test
    void shouldFlagNearlyEveryWindowOfATripledBackscatterOfNineOrMore() {
        for (double mean : new double[] {9, 20, 50, 200, 1000}) {
            int flagged = 0;
            int windows = 0;
            for (int seed = 0; seed < 100; seed++) {
                Random random = new Random(seed);
                TrailingHistory h = poissonHistory(random, mean, 288);
                for (int i = 0; i < 10; i++) {
                    long b = Poisson.sample(random, 3 * mean);
                    if (detector.evaluate(Windows.window("XX", 288 + i, 2 * b, b), h).anomalous()) {
                        flagged++;
                    }
                    windows++;
                }
            }
            assertTrue(flagged >= 0.85 * windows, flagged + " of " + windows + " windows flagged at mean " + mean);
        }
    }

    @Test
    void shouldCallASurgeCriticalOnlyAtTwiceEveryThreshold() {
        TrailingHistory h = history(repeat(10, 50));
        assertEquals(Severity.WARNING, detector.evaluate(Windows.window("UA", 50, 60, 30), h).severity());
        assertEquals(Severity.CRITICAL, detector.evaluate(Windows.window("UA", 50, 90, 45), h).severity());
        assertNull(detector.evaluate(Windows.window("UA", 50, 30, 15), h).severity());
    }
}
