package io.darkwatch.streams.testing;

import java.util.Random;

/** Poisson-distributed counts for generated traffic. */
public final class Poisson {
    private Poisson() {
    }

    /**
     * A Poisson(mean) draw: Knuth's product of uniforms, summed over chunks of at most 30 so that
     * e^-mean never underflows. Exact, and fast enough for test-sized means.
     */
    public static long sample(Random random, double mean) {
        if (mean < 0) {
            throw new IllegalArgumentException("negative mean " + mean);
        }
        long total = 0;
        double remaining = mean;
        while (remaining > 0) {
            double chunk = Math.min(remaining, 30.0);
            remaining -= chunk;
            double limit = Math.exp(-chunk);
            double product = random.nextDouble();
            while (product > limit) {
                total++;
                product *= random.nextDouble();
            }
        }
        return total;
    }
}
