package io.darkwatch.alerting.flood;

import io.darkwatch.alerting.render.AnomalyFormat;
import io.darkwatch.alerting.render.CountryNames;
import io.darkwatch.common.anomaly.Anomaly;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The text of a flood summary: how many alerts were held back, by type and country, most first. */
public final class SuppressionSummary {
    /** Slack's section limit, with room to spare for the sink's formatting. */
    static final int MAX_TEXT = 2900;

    private SuppressionSummary() {
    }

    /** e.g. {@code 7 more alerts suppressed in the last hour: 5 × Backscatter surge Ukraine (UA), 2 × Outage …}. */
    public static String text(List<Anomaly> suppressed) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Anomaly a : suppressed) {
            counts.merge(AnomalyFormat.typeLabel(a) + " " + CountryNames.label(a.country()), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(suppressed.size()).append(suppressed.size() == 1 ? " more alert" : " more alerts")
                .append(" suppressed in the last hour: ");
        var sorted = counts.entrySet().stream()
                .sorted((x, y) -> Integer.compare(y.getValue(), x.getValue())).toList();
        int listed = 0;
        for (var e : sorted) {
            String item = (listed == 0 ? "" : ", ") + e.getValue() + " × " + e.getKey();
            if (sb.length() + item.length() + 20 > MAX_TEXT) {
                sb.append(", and ").append(sorted.size() - listed).append(" more kinds");
                break;
            }
            sb.append(item);
            listed++;
        }
        return sb.toString();
    }
}
