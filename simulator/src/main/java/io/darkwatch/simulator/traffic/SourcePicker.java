package io.darkwatch.simulator.traffic;

import io.darkwatch.simulator.geo.AddressPool;
import io.darkwatch.simulator.scenario.Ipv4Cidr;
import java.util.random.RandomGenerator;

/**
 * Draws source addresses from a country's pool that a producer will not take for spoofed: never
 * a last octet of 0 or 255 (corsaro's filter drops those) and never inside the darknet itself
 * (source = destination is another spoofing mark).
 */
final class SourcePicker {
    private static final int MAX_ATTEMPTS = 64;

    private final AddressPool pool;
    private final Ipv4Cidr darknet;
    private final String country;

    SourcePicker(AddressPool pool, Ipv4Cidr darknet, String country) {
        this.pool = pool;
        this.darknet = darknet;
        this.country = country;
    }

    int pick(RandomGenerator random) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int address = pool.pick(random);
            int last = address & 0xff;
            if (last != 0 && last != 255 && !darknet.contains(address)) {
                return address;
            }
        }
        throw new IllegalStateException("country " + country + " has no usable source address outside the darknet "
                + darknet + " (its pool has " + pool.size() + " addresses)");
    }

    AddressPool pool() {
        return pool;
    }
}
