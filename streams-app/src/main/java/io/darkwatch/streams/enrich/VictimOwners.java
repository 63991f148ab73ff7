package io.darkwatch.streams.enrich;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyDetails;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adds the victims' AS and organisation to an anomaly's top victims and attacks
 * ({@link AnomalyDetails#TOP_VICTIMS}, {@link AnomalyDetails#ATTACKS}): {@code asn} where the entry
 * has none (or 0), and {@code asOrganization} where the database names one. Entries keep their
 * field order, with the new fields after {@code asn}'s place, so the same input gives the same bytes.
 */
public final class VictimOwners {
    private final AsOrganizations owners;

    public VictimOwners(AsOrganizations owners) {
        this.owners = owners;
    }

    /** The anomaly with its victims' owners; itself when it lists no victims or nothing is known. */
    public Anomaly enrich(Anomaly a) {
        if (owners == AsOrganizations.NONE) {
            return a;
        }
        Map<String, Object> details = new LinkedHashMap<>(a.details());
        boolean changed = false;
        for (String key : List.of(AnomalyDetails.TOP_VICTIMS, AnomalyDetails.ATTACKS)) {
            if (details.get(key) instanceof List<?> entries) {
                List<Object> enriched = new ArrayList<>(entries.size());
                for (Object entry : entries) {
                    Object e = entry instanceof Map<?, ?> m ? withOwner(m) : entry;
                    changed |= e != entry;
                    enriched.add(e);
                }
                details.put(key, enriched);
            }
        }
        if (!changed) {
            return a;
        }
        return new Anomaly(a.version(), a.id(), a.type(), a.country(), a.windowStart(), a.windowEnd(), a.status(),
                a.severity(), a.observed(), a.expected(), a.score(), a.detector(), a.episodeStart(), a.episodeEnd(),
                details);
    }

    private Object withOwner(Map<?, ?> entry) {
        if (!(entry.get(AnomalyDetails.ADDRESS) instanceof String address)) {
            return entry;
        }
        Optional<AsOwner> owner = owners.ownerOf(address);
        if (owner.isEmpty()) {
            return entry;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        entry.forEach((k, v) -> out.put(String.valueOf(k), v));
        if (!(out.get(AnomalyDetails.ASN) instanceof Number n) || n.longValue() <= 0) {
            out.put(AnomalyDetails.ASN, owner.get().asn());
        }
        if (!owner.get().organization().isEmpty()) {
            out.put(AnomalyDetails.AS_ORGANIZATION, owner.get().organization());
        }
        return out;
    }
}
