package io.darkwatch.capture.geo;

import io.darkwatch.common.packet.IpAddress;

/** Country and AS of an address. Implementations never throw for an address: unknown is {@link GeoInfo#UNKNOWN}. */
@FunctionalInterface
public interface GeoLookup {
    /** Says "unknown" for everything: for runs without GeoIP. */
    GeoLookup NONE = address -> GeoInfo.UNKNOWN;

    GeoInfo lookup(IpAddress address);

    /**
     * The answer for {@code address} with a network of addresses that all get the same answer from
     * this lookup, for caches. The default claims the address alone, which is always true;
     * lookups that know more (a MaxMind database's network) say so.
     */
    default GeoAnswer answer(IpAddress address) {
        return new GeoAnswer(lookup(address), IpNetwork.single(address));
    }
}
