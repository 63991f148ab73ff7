package io.darkwatch.capture.geo;

import io.darkwatch.common.packet.PacketSummary;
import java.util.Objects;

/**
 * What the GeoIP databases say about one address.
 *
 * @param country      ISO 3166-1 alpha-2, or {@link PacketSummary#UNKNOWN_COUNTRY}
 * @param asn          autonomous system number, 0 when unknown
 * @param organization the AS's organisation, empty when unknown
 */
public record GeoInfo(String country, int asn, String organization) {
    public static final GeoInfo UNKNOWN = new GeoInfo(PacketSummary.UNKNOWN_COUNTRY, 0, "");

    public GeoInfo {
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(organization, "organization");
        if (!isCountryCode(country)) {
            throw new IllegalArgumentException("country must be two upper-case letters, not '" + country + "'");
        }
        if (asn < 0) {
            throw new IllegalArgumentException("negative ASN " + asn);
        }
    }

    /** Two ASCII upper-case letters, as every country field of darkwatch holds. */
    public static boolean isCountryCode(String s) {
        return s != null && s.length() == 2 && s.charAt(0) >= 'A' && s.charAt(0) <= 'Z'
                && s.charAt(1) >= 'A' && s.charAt(1) <= 'Z';
    }
}
