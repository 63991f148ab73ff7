package io.darkwatch.streams.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.testing.WindowTraffic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The outage detector on a strong daily rhythm: a country whose nights fall to 15 % of its mean
 * (e.g. one where most sources are home machines switched off at night). The trailing median reads
 * every night as an outage; once a day is known, the same-time-of-day median does not, and still
 * finds a real outage by night or by day.
 */
class OutageDailyBaselineTest {
    private static final int DAY = 288;
    private static final int SEEDS = Math.max(2, Integer.getInteger("darkwatch.quality.seeds", 40) / 8);
    private static final DetectorSettings DEFAULTS = DetectorSettings.defaults();

    /** 1 ± 0.85: noon at 1.85 times the mean, midnight at 0.15. */
    private static double rhythm(int window) {
        return 1.0 - 0.85 * Math.cos(2 * Math.PI * (window % DAY) / DAY);
    }

    private static List<Anomaly> outageOpenings(DetectorSettings settings, Random random, int windows,
            IntToDoubleFunction mean) {
        CountryMonitor monitor = new CountryMonitor(settings);
        CountryState state = CountryState.empty();
        List<Anomaly> opened = new ArrayList<>();
        for (int i = 0; i < windows; i++) {
            double m = mean.applyAsDouble(i);
            for (Anomaly a : monitor.observe(state, WindowTraffic.window(random, "IR", i, 0.9 * m, 0.1 * m, 0))) {
                if (a.type() == AnomalyType.OUTAGE && a.status() == EpisodeStatus.OPEN) {
                    opened.add(a);
                }
            }
        }
        return opened;
    }

    @Test
    void shouldNeverReadQuietNightsAsOutagesOnceADayIsKnown() {
        for (int seed = 1; seed <= SEEDS; seed++) {
            double level = 150 + 250 * new Random(seed).nextDouble();
            // Given ten days of a strong daily rhythm, judged with the defaults (no claim before a day of
            // history, the same time of day from then on)
            List<Anomaly> opened = outageOpenings(DEFAULTS, new Random(seed), 10 * DAY, i -> level * rhythm(i));
            // Then no night is an outage
            assertEquals(List.of(), opened, "seed " + seed);

            // And without the time-of-day baseline the nights keep being outages
            List<Anomaly> trailingOnly = outageOpenings(DEFAULTS.with(Map.of("outage.daily-baseline-days", "0")),
                    new Random(seed), 10 * DAY, i -> level * rhythm(i));
            assertTrue(trailingOnly.stream().filter(a -> a.episodeStart().toEpochMilli()
                    >= WindowTraffic.startOf(7 * DAY)).count() >= 3, "seed " + seed + ": " + trailingOnly);
        }
    }

    @Test
    void shouldFindARealOutageByNightAndByDayAgainstTheSameTimeOfDay() {
        // Given the same rhythm for ten days, with two-hour drops to 5 % around midnight of day 8 and noon of day 9
        int night = 8 * DAY - 12;
        int noon = 9 * DAY + DAY / 2 - 12;
        for (int seed = 1; seed <= SEEDS; seed++) {
            double level = 150 + 250 * new Random(seed).nextDouble();
            IntToDoubleFunction mean = i -> level * rhythm(i)
                    * ((i >= night && i < night + 24) || (i >= noon && i < noon + 24) ? 0.05 : 1.0);
            List<Anomaly> late = outageOpenings(DEFAULTS, new Random(seed), 10 * DAY, mean).stream()
                    .filter(a -> a.episodeStart().toEpochMilli() >= WindowTraffic.startOf(7 * DAY)).toList();
            // Then each is one outage, judged by the time of day, with its onset at the drop
            assertEquals(List.of(WindowTraffic.startOf(night), WindowTraffic.startOf(noon)),
                    late.stream().map(a -> a.episodeStart().toEpochMilli()).toList(), "seed " + seed + ": " + late);
            assertTrue(late.stream().allMatch(a -> OutageDetector.TIME_OF_DAY.equals(
                    a.details().get(OutageDetector.BASELINE_KIND))), late.toString());
        }
    }
}
