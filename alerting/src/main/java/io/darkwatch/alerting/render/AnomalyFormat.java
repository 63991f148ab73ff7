package io.darkwatch.alerting.render;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * How anomaly facts read for people, shared by the console and Slack so both say the same thing
 * the same way. Times are always UTC (telescope data spans the world; a local zone would mislead),
 * numbers use a fixed locale so output does not change with the machine it runs on.
 */
public final class AnomalyFormat {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private AnomalyFormat() {
    }

    /** {@code BACKSCATTER_SURGE} → {@code Backscatter surge}; works for types added later too. */
    public static String typeLabel(Anomaly anomaly) {
        String words = anomaly.type().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** The severity, or {@code -} when the event carries none. */
    public static String severity(Anomaly anomaly) {
        return anomaly.severity() == null ? "-" : anomaly.severity().name();
    }

    /** {@code 2022-02-24 00:05 UTC} (seconds only when they are not zero). */
    public static String instant(Instant t) {
        return DAY.format(t) + " " + time(t) + " UTC";
    }

    /** {@code 2022-02-24 00:00–00:05 UTC}, or both dates when the span crosses midnight. */
    public static String span(Instant start, Instant end) {
        if (DAY.format(start).equals(DAY.format(end))) {
            return DAY.format(start) + " " + time(start) + "–" + time(end) + " UTC";
        }
        return DAY.format(start) + " " + time(start) + " – " + DAY.format(end) + " " + time(end) + " UTC";
    }

    public static String window(Anomaly anomaly) {
        return span(anomaly.windowStart(), anomaly.windowEnd());
    }

    /** {@code 120}, {@code 12.5}, {@code 1,234,567}: at most two decimals, none when whole. */
    public static String number(double value) {
        DecimalFormat f = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return f.format(value);
    }

    public static String count(long value) {
        return number(value);
    }

    /**
     * observed / expected as {@code 12×}, {@code 3.4×} or {@code 0.02×}; {@code no baseline} when
     * nothing was expected (a ratio to zero says nothing).
     */
    public static String ratio(double observed, double expected) {
        if (!(expected > 0)) {
            return "no baseline";
        }
        double r = observed / expected;
        String pattern = r >= 10 ? "0" : r >= 1 ? "0.0" : "0.00";
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT)).format(r) + "×";
    }

    /** {@code observed 120 vs expected 10 (12×)}. */
    public static String comparison(Anomaly anomaly) {
        return "observed " + number(anomaly.observed()) + " vs expected " + number(anomaly.expected())
                + " (" + ratio(anomaly.observed(), anomaly.expected()) + ")";
    }

    /** {@code 3d 4h}, {@code 1h 25m}, {@code 5m}, {@code 40s}: the two largest units that matter. */
    public static String duration(Duration d) {
        long seconds = Math.max(0, d.getSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3600;
        long minutes = seconds % 3600 / 60;
        long secs = seconds % 60;
        if (days > 0) {
            return hours > 0 ? days + "d " + hours + "h" : days + "d";
        }
        if (hours > 0) {
            return minutes > 0 ? hours + "h " + minutes + "m" : hours + "h";
        }
        if (minutes > 0) {
            return secs > 0 ? minutes + "m " + secs + "s" : minutes + "m";
        }
        return secs + "s";
    }

    /**
     * How long the episode lasted: from its start to its end (RESOLVED) or to the end of this
     * window. Empty text when the event does not say when the episode started.
     */
    public static String episodeDuration(Anomaly anomaly) {
        if (anomaly.episodeStart() == null) {
            return "";
        }
        Instant end = anomaly.episodeEnd() != null ? anomaly.episodeEnd() : anomaly.windowEnd();
        return duration(Duration.between(anomaly.episodeStart(), end));
    }

    /** {@code resolved after 1h 25m (2022-02-24 00:00–01:25 UTC)}; only for RESOLVED events with a start. */
    public static String resolution(Anomaly anomaly) {
        if (anomaly.status() != EpisodeStatus.RESOLVED || anomaly.episodeStart() == null) {
            return "";
        }
        Instant end = anomaly.episodeEnd() != null ? anomaly.episodeEnd() : anomaly.windowEnd();
        return "resolved after " + episodeDuration(anomaly) + " (" + span(anomaly.episodeStart(), end) + ")";
    }

    /** {@code a (3), b (2) and 4 more}: the first {@code max} entries inline. */
    public static String inlineList(List<RankedEntry> entries, int max) {
        StringBuilder sb = new StringBuilder();
        int shown = Math.min(max, entries.size());
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(entries.get(i).text());
        }
        if (entries.size() > shown) {
            sb.append(" and ").append(entries.size() - shown).append(" more");
        }
        return sb.toString();
    }

    private static String time(Instant t) {
        return t.getEpochSecond() % 60 == 0 ? MINUTE.format(t) : SECOND.format(t);
    }
}
