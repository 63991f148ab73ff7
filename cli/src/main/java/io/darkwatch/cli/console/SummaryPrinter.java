package io.darkwatch.cli.console;

import io.darkwatch.capture.replay.ReplayStats;
import io.darkwatch.cli.local.PipelineResult;
import io.darkwatch.cli.local.Ranked;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.geodata.DefaultGeoDatabase;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The end-of-run summary of {@code analyze} and {@code demo}, for people. */
public final class SummaryPrinter {
    private SummaryPrinter() {
    }

    public static void print(PrintStream out, String title, PipelineResult r) {
        ReplayStats s = r.replay();
        out.println();
        out.println("== " + title + " ==");
        out.printf("packets read      %,d (decoded %,d, undecodable %,d%s)%n", s.framesRead(), s.decoded(),
                s.undecodableTotal(), reasons(s));
        s.truncation().ifPresent(t -> out.println("TRUNCATED         " + t + " (everything before it was processed)"));
        if (s.firstEventTime().isPresent()) {
            out.printf("event time        %s .. %s (%s)%n", s.firstEventTime().get(), s.lastEventTime().get(),
                    human(Duration.between(s.firstEventTime().get(), s.lastEventTime().get())));
        }
        double seconds = Math.max(s.wallTime().toNanos() / 1e9, 1e-9);
        out.printf("replay            %.1f s, %,.0f packets/s; whole run %.1f s%n", seconds, s.framesRead() / seconds,
                r.wallTime().toNanos() / 1e9);
        out.printf("pipeline counted  %,d packets in %,d country windows (published %,d)%n",
                r.windows().packets().values().stream().mapToLong(Long::longValue).sum(), r.windows().windows(),
                s.published());
        out.println("top dst ports     " + ranking(r.topPorts()));
        out.println("top countries     " + ranking(r.topCountries()));
        out.println("anomalies         " + anomalies(r.anomalies()));
        if (r.geoLookupErrors() > 0) {
            out.printf("GeoIP errors      %,d lookups failed inside the database; those packets count as ZZ%n",
                    r.geoLookupErrors());
        }
        out.println(r.defaultGeoDatabase() ? DefaultGeoDatabase.ATTRIBUTION : "Country data: " + r.geoDatabase());
    }

    private static String reasons(ReplayStats s) {
        if (s.undecodable().isEmpty()) {
            return "";
        }
        return ": " + s.undecodable().entrySet().stream()
                .map(e -> e.getKey().tag() + " " + String.format("%,d", e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String ranking(List<Ranked> top) {
        if (top.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < top.size(); i++) {
            sb.append(i == 0 ? "" : "  ").append(i + 1).append(". ").append(top.get(i).name()).append(' ')
                    .append(String.format("%,d", top.get(i).count()));
        }
        return sb.toString();
    }

    /** "BACKSCATTER_SURGE 3 (OPEN 1, ONGOING 1, RESOLVED 1), OUTAGE 2 (…)", or "none". */
    static String anomalies(List<Anomaly> anomalies) {
        if (anomalies.isEmpty()) {
            return "none";
        }
        // Statuses in lifecycle order (OPEN, ONGOING, RESOLVED): the enum's order.
        Map<String, Map<EpisodeStatus, Long>> byType = new TreeMap<>();
        for (Anomaly a : anomalies) {
            byType.computeIfAbsent(a.type().name(), k -> new TreeMap<>()).merge(a.status(), 1L, Long::sum);
        }
        return byType.entrySet().stream().map(e -> e.getKey() + " "
                + e.getValue().values().stream().mapToLong(Long::longValue).sum() + " ("
                + e.getValue().entrySet().stream().map(x -> x.getKey() + " " + x.getValue())
                        .collect(Collectors.joining(", ")) + ")")
                .collect(Collectors.joining(", "));
    }

    static String human(Duration d) {
        long h = d.toHours();
        long m = d.toMinutesPart();
        return h > 0 ? h + " h " + m + " min" : m + " min " + d.toSecondsPart() + " s";
    }
}
