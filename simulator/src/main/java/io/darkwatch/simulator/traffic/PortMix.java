package io.darkwatch.simulator.traffic;

import java.util.random.RandomGenerator;

/**
 * Destination (or, for backscatter, source) ports with weights, plus a share of uniformly random
 * ports: darknet probes concentrate on a few services but spread over the whole port range too.
 */
final class PortMix {
    /** Marks "any port" in {@link #ports}. */
    static final int RANDOM = -1;

    private final int[] ports;
    private final WeightedChoice choice;

    /** @param portsAndWeights pairs: port (or {@link #RANDOM}), weight */
    PortMix(int... portsAndWeights) {
        if (portsAndWeights.length % 2 != 0) {
            throw new IllegalArgumentException("ports and weights must come in pairs");
        }
        ports = new int[portsAndWeights.length / 2];
        double[] weights = new double[ports.length];
        for (int i = 0; i < ports.length; i++) {
            ports[i] = portsAndWeights[2 * i];
            weights[i] = portsAndWeights[2 * i + 1];
        }
        choice = new WeightedChoice(weights);
    }

    /** The probability that {@link #pick} returns {@code port}, counting the uniformly random share. */
    double probability(int port) {
        double p = 0;
        for (int i = 0; i < ports.length; i++) {
            if (ports[i] == port) {
                p += choice.probability(i);
            } else if (ports[i] == RANDOM) {
                p += choice.probability(i) / 65535;
            }
        }
        return p;
    }

    int pick(RandomGenerator random) {
        int port = ports[choice.pick(random)];
        return port == RANDOM ? 1 + random.nextInt(65535) : port;
    }
}
