package io.darkwatch.simulator.traffic;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.random.RandomGenerator;

/** A fixed set of distinct hosts taking part in an event (victims or scanners), each with its own TTL. */
final class Participants {
    private final int[] addresses;
    private final int[] ttls;

    private Participants(int[] addresses, int[] ttls) {
        this.addresses = addresses;
        this.ttls = ttls;
    }

    static Participants draw(SourcePicker picker, int count, RandomGenerator random, String what) {
        Set<Integer> chosen = new LinkedHashSet<>();
        int attempts = 0;
        while (chosen.size() < count) {
            if (++attempts > count * 20 + 100) {
                throw new IllegalStateException("cannot find " + count + " distinct " + what + " in a pool of "
                        + picker.pool().size() + " addresses");
            }
            chosen.add(picker.pick(random));
        }
        int[] addresses = chosen.stream().mapToInt(Integer::intValue).toArray();
        int[] ttls = new int[count];
        for (int i = 0; i < count; i++) {
            ttls[i] = PacketShapes.receivedTtl(random);
        }
        return new Participants(addresses, ttls);
    }

    int size() {
        return addresses.length;
    }

    int address(int i) {
        return addresses[i];
    }

    int ttl(int i) {
        return ttls[i];
    }
}
