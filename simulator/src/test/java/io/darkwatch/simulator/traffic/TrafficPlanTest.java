package io.darkwatch.simulator.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.simulator.pcap.TimestampPrecision;
import io.darkwatch.simulator.scenario.CountryProfile;
import io.darkwatch.simulator.scenario.Ipv4Cidr;
import io.darkwatch.simulator.scenario.Noise;
import io.darkwatch.simulator.scenario.OutageEvent;
import io.darkwatch.simulator.scenario.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficPlanTest {
    private static final Instant DAY = Instant.parse("2022-02-24T00:00:00Z");

    @Test
    void shouldAverageTheDailyRhythmToTheNominalRateAndPeakAtThePeakHour() {
        // Given a country with a strong rhythm peaking at 15:00 UTC
        CountryProfile c = new CountryProfile("US", 2.0, 0, 0.5, 15);

        // When the rhythm is sampled over a whole day
        double sum = 0;
        for (long s = 0; s < 86_400; s++) {
            sum += TrafficPlan.rhythm(c, DAY.getEpochSecond() + s);
        }

        // Then it averages 1, is 1.5 at the peak and 0.5 twelve hours later
        assertEquals(1.0, sum / 86_400, 1e-9);
        assertEquals(1.5, TrafficPlan.rhythm(c, DAY.plus(Duration.ofHours(15)).getEpochSecond()), 1e-4);
        assertEquals(0.5, TrafficPlan.rhythm(c, DAY.plus(Duration.ofHours(3)).getEpochSecond()), 1e-4);
    }

    @Test
    void shouldThinACountryDuringItsOutagesAndMultiplyOverlappingOnes() {
        // Given two overlapping outages of KZ: to 50 % for 2 h, and to 20 % during the second hour
        Scenario s = new Scenario("t", "", 1, DAY, Duration.ofHours(4), "s", Ipv4Cidr.parse("203.0.113.0/24"),
                TimestampPrecision.MICROS, List.of(new CountryProfile("KZ", 1.0, 0, 0, 12)), Noise.NONE,
                List.of(new OutageEvent("KZ", DAY.plus(Duration.ofHours(1)), Duration.ofHours(2), 0.5),
                        new OutageEvent("KZ", DAY.plus(Duration.ofHours(2)), Duration.ofHours(1), 0.2)));
        TrafficPlan plan = new TrafficPlan(s);
        long t0 = DAY.getEpochSecond();

        // Then the rate is 1, 0.5, 0.1 and 1 again in the four hours, and the expectation adds up
        assertEquals(1.0, plan.backgroundRate(0, t0 + 1_800), 1e-12);
        assertEquals(0.5, plan.backgroundRate(0, t0 + 3_600), 1e-12);
        assertEquals(0.1, plan.backgroundRate(0, t0 + 2 * 3_600), 1e-12);
        assertEquals(1.0, plan.backgroundRate(0, t0 + 3 * 3_600), 1e-12);
        assertEquals(3_600 * (1 + 0.5 + 0.1 + 1), plan.expectedPackets(), 1e-6);
        assertEquals(7_200, plan.expectedEventPackets(0), 1e-6, "an outage's expectation is the normal traffic");
        assertTrue(plan.outageFactor(0, t0 + 4 * 3_600) == 1.0);
    }
}
