package io.darkwatch.simulator.traffic;

import java.util.random.RandomGenerator;

/** Poisson-distributed counts: the number of independent arrivals in one second at a given mean rate. */
public final class Poisson {
    /** Above this mean, exp(-mean) loses precision; larger means are split, as sums of Poissons are Poisson. */
    private static final double CHUNK = 30.0;

    private Poisson() {
    }

    public static int sample(RandomGenerator random, double mean) {
        if (!(mean >= 0) || Double.isInfinite(mean)) {
            throw new IllegalArgumentException("Poisson mean must be finite and ≥ 0, not " + mean);
        }
        int count = 0;
        double remaining = mean;
        while (remaining > CHUNK) {
            count += knuth(random, CHUNK);
            remaining -= CHUNK;
        }
        return count + knuth(random, remaining);
    }

    /** Knuth's multiplication method: O(mean) uniforms, exact, fine for the small means of a darknet. */
    private static int knuth(RandomGenerator random, double mean) {
        if (mean == 0) {
            return 0;
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            count++;
            product *= random.nextDouble();
        }
        return count;
    }
}
