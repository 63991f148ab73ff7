package io.darkwatch.simulator.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PoissonTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.4, 3.0, 75.0})
    void shouldDrawCountsWhoseMeanAndVarianceEqualTheRate(double rate) {
        // Given many draws at one rate
        SplittableRandom random = new SplittableRandom(99);
        int n = 40_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            int k = Poisson.sample(random, rate);
            sum += k;
            sumSq += (double) k * k;
        }
        double mean = sum / n;
        double variance = sumSq / n - mean * mean;

        // Then mean and variance are both the rate (within 5 standard errors of the mean)
        double standardError = Math.sqrt(rate / n);
        assertTrue(Math.abs(mean - rate) < 5 * standardError, "mean " + mean + " for rate " + rate);
        assertTrue(Math.abs(variance / rate - 1) < 0.06, "variance " + variance + " for rate " + rate);
    }

    @Test
    void shouldDrawNothingAtRateZeroAndRejectNonsense() {
        SplittableRandom random = new SplittableRandom(1);
        assertEquals(0, Poisson.sample(random, 0));
        assertThrows(IllegalArgumentException.class, () -> Poisson.sample(random, -1));
        assertThrows(IllegalArgumentException.class, () -> Poisson.sample(random, Double.NaN));
    }
}
