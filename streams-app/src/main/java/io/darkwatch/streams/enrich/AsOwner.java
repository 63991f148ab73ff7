package io.darkwatch.streams.enrich;

import java.util.Objects;

/**
 * The autonomous system an address belongs to.
 *
 * @param asn          AS number, 1 or more
 * @param organization its registered name, e.g. {@code Example Org}; empty when the database has none
 */
public record AsOwner(long asn, String organization) {
    public AsOwner {
        if (asn < 1) {
            throw new IllegalArgumentException("AS number " + asn + " is not 1 or more");
        }
        organization = Objects.requireNonNullElse(organization, "").strip();
    }
}
