package io.darkwatch.capture.geo;

import java.util.Objects;

/**
 * What a lookup says about an address, and the block of addresses it says the same about.
 *
 * <p>Why: a MaxMind database is a prefix tree, so one walk finds the record and the network it is
 * stored for; every address of that network gets the same record. Carrying the network lets a
 * cache answer a whole network from one lookup (see {@link CachingGeoLookup}) where a per-address
 * cache would look up every new source of a darknet's random-looking traffic again.
 *
 * @param info    the answer
 * @param network a block holding the looked-up address, every address of which has this answer
 *                (at the least the address alone)
 */
public record GeoAnswer(GeoInfo info, IpNetwork network) {
    public GeoAnswer {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(network, "network");
    }
}
