package io.darkwatch.streams.enrich;

import java.util.Optional;

/** Who owns an address: the AS number and organisation of a victim in backscatter details. */
@FunctionalInterface
public interface AsOrganizations {

    /** Without an ASN database: nobody is known. */
    AsOrganizations NONE = address -> Optional.empty();

    /** The owner of {@code address} (IPv4 or IPv6 text); empty when unknown or not an address. Never throws. */
    Optional<AsOwner> ownerOf(String address);
}
