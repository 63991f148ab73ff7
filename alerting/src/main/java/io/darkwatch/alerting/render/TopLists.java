package io.darkwatch.alerting.render;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyDetails;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the top victims ({@code [{address, packets}]}) and the ports they answered from
 * ({@code [{port, packets}]}) out of an anomaly's details, by the keys of {@link AnomalyDetails}
 * that the backscatter detector writes. An entry that does not have that shape is left out rather
 * than failing the alert: details only ever gain fields, and an alert with a shorter list is better
 * than none.
 */
public final class TopLists {
    /**
     * Inside TOP_VICTIMS entries, when the capture or the streams app had an ASN database: the victim's
     * autonomous system number and its organisation; an entry without them is shown without its network.
     */
    public static final String ASN = AnomalyDetails.ASN;
    public static final String AS_ORGANIZATION = AnomalyDetails.AS_ORGANIZATION;

    private TopLists() {
    }

    public static List<RankedEntry> victims(Anomaly anomaly) {
        return read(anomaly.details().get(AnomalyDetails.TOP_VICTIMS), AnomalyDetails.ADDRESS);
    }

    /** {@code AS64500 Example Org}, {@code AS64500} or {@code Example Org}, from what the entry carries. */
    static Optional<String> network(Map<?, ?> entry) {
        Object asn = entry.get(ASN);
        Object org = entry.get(AS_ORGANIZATION);
        String number = asn instanceof Number n && n.longValue() > 0 ? "AS" + n.longValue() : null;
        String name = org instanceof String s && !s.isBlank() ? s.strip() : null;
        if (number == null && name == null) {
            return Optional.empty();
        }
        return Optional.of(number == null ? name : name == null ? number : number + " " + name);
    }

    public static List<RankedEntry> ports(Anomaly anomaly) {
        return read(anomaly.details().get(AnomalyDetails.VICTIM_PORTS), AnomalyDetails.PORT);
    }

    static List<RankedEntry> read(Object value, String labelKey) {
        List<RankedEntry> out = new ArrayList<>();
        if (value instanceof Collection<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> entry && entry.get(labelKey) != null) {
                    Object packets = entry.get(AnomalyDetails.PACKETS);
                    out.add(new RankedEntry(String.valueOf(entry.get(labelKey)),
                            packets instanceof Number n ? OptionalLong.of(n.longValue()) : OptionalLong.empty(),
                            network(entry)));
                }
            }
        }
        return out;
    }
}
