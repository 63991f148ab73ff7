package io.darkwatch.capture.geo;

import io.darkwatch.common.packet.IpAddress;

/** Country and AS of an address. Implementations never throw for an address: unknown is {@link GeoInfo#UNKNOWN}. */
@FunctionalInterface
public interface GeoLookup {
    /** Says "unknown" for everything: for runs without GeoIP. */
    GeoLookup NONE = address -> GeoInfo.UNKNOWN;

    GeoInfo lookup(IpAddress address);
}
