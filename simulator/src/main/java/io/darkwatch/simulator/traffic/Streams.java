package io.darkwatch.simulator.traffic;

import java.util.SplittableRandom;

/**
 * Independent random streams derived from the scenario seed and a stable label ("country:US",
 * "event:2"): adding a country or an event leaves every other stream, and so its packets, unchanged.
 */
public final class Streams {
    private Streams() {
    }

    public static SplittableRandom forLabel(long seed, String label) {
        long h = 1125899906842597L;
        for (int i = 0; i < label.length(); i++) {
            h = 31 * h + label.charAt(i);
        }
        return new SplittableRandom(mix(seed ^ mix(h)));
    }

    /** SplitMix64's finaliser: spreads nearby seeds over the whole 64-bit space. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
