package io.darkwatch.simulator.traffic;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Picks an index with probability proportional to its weight. */
final class WeightedChoice {
    private final double[] cumulative;

    WeightedChoice(double... weights) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("no weights");
        }
        cumulative = new double[weights.length];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0)) {
                throw new IllegalArgumentException("weights must be ≥ 0: " + Arrays.toString(weights));
            }
            total += weights[i];
            cumulative[i] = total;
        }
        if (total <= 0) {
            throw new IllegalArgumentException("weights sum to zero");
        }
    }

    int pick(RandomGenerator random) {
        double x = random.nextDouble() * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, x);
        i = i >= 0 ? i + 1 : -i - 1;
        // x == total cannot happen (nextDouble < 1), but zero-weight tails must never be chosen.
        while (i < cumulative.length - 1 && cumulative[i] == (i == 0 ? 0 : cumulative[i - 1])) {
            i++;
        }
        return Math.min(i, cumulative.length - 1);
    }

    double probability(int index) {
        double before = index == 0 ? 0 : cumulative[index - 1];
        return (cumulative[index] - before) / cumulative[cumulative.length - 1];
    }
}
