package io.darkwatch.alerting.slack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.darkwatch.alerting.render.AnomalyFormat;
import io.darkwatch.alerting.render.CountryNames;
import io.darkwatch.alerting.render.GrafanaDashboard;
import io.darkwatch.alerting.render.RankedEntry;
import io.darkwatch.alerting.render.TopLists;
import io.darkwatch.alerting.sink.GroupedAlerts;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.anomaly.Severity;
import java.util.List;
import java.util.Optional;

/**
 * Turns an anomaly into a Slack Block Kit message: a header (type, country name and code, status,
 * severity), a section of fields (observed vs expected, window), the episode's start and duration,
 * the top victims and ports of a backscatter surge, a link to the Grafana dashboard of the country
 * around the window (when Grafana is configured), and a context line with ids; plus the plain
 * {@code text} Slack shows in notifications and where blocks cannot be drawn.
 *
 * <p>The Grafana link is a {@code rich_text} link element: its URL is a plain JSON string, so the
 * {@code &} of its query needs no mrkdwn escaping, and unlike a button it needs no interactivity
 * set up on the Slack app.
 *
 * <p>Slack rejects a message that breaks its limits with {@code invalid_blocks}, so every text is
 * cut to its limit here: header 150, section text 3000, field 2000 characters; at most 10 fields;
 * long lists end with "and N more". The message has at most seven blocks, far below the 50 allowed.
 */
public final class SlackMessageBuilder {
    public static final int MAX_BLOCKS = 50;
    public static final int MAX_SECTION_TEXT = 3000;
    public static final int MAX_HEADER_TEXT = 150;
    public static final int MAX_FIELD_TEXT = 2000;
    public static final int MAX_FALLBACK_TEXT = 3000;
    /** Enough to act on; the full list is in the event JSON (file sink, topic). */
    public static final int MAX_LIST_ITEMS = 20;
    private static final int MAX_LABEL = 100;
    /**
     * Alerts shown in full in one grouped message; the rest are one line each under "and N more".
     * Alertmanager's Slack messages broke at about 20 alerts (alertmanager #2769), so no more here.
     */
    public static final int MAX_GROUP_ALERTS = 20;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SlackMessageBuilder() {
    }

    /** The message without a dashboard link. */
    public static ObjectNode build(Anomaly a) {
        return build(a, Optional.empty());
    }

    public static ObjectNode build(Anomaly a, Optional<GrafanaDashboard> grafana) {
        ObjectNode message = NODES.objectNode();
        message.put("text", cut(fallbackText(a), MAX_FALLBACK_TEXT));
        ArrayNode blocks = message.putArray("blocks");

        blocks.add(header(emoji(a) + " " + AnomalyFormat.typeLabel(a) + " · " + CountryNames.label(a.country())
                + " · " + a.status() + (a.severity() == null ? "" : " · " + a.severity())));

        ObjectNode facts = section(null);
        ArrayNode fields = facts.putArray("fields");
        field(fields, "Type", AnomalyFormat.typeLabel(a));
        field(fields, "Country", CountryNames.label(a.country()));
        field(fields, "Status", a.status().name());
        field(fields, "Severity", AnomalyFormat.severity(a));
        field(fields, "Observed vs expected", AnomalyFormat.number(a.observed()) + " vs "
                + AnomalyFormat.number(a.expected()) + " (" + AnomalyFormat.ratio(a.observed(), a.expected()) + ")");
        field(fields, "Window", AnomalyFormat.window(a));
        blocks.add(facts);

        String episode = episodeText(a);
        if (!episode.isEmpty()) {
            blocks.add(section(episode));
        }
        List<RankedEntry> victims = TopLists.victims(a);
        if (!victims.isEmpty()) {
            blocks.add(section(listText("Top victims", victims, MAX_LIST_ITEMS)));
        }
        List<RankedEntry> ports = TopLists.ports(a);
        if (!ports.isEmpty()) {
            blocks.add(section(listText("Top ports", ports, MAX_LIST_ITEMS)));
        }
        grafana.ifPresent(dashboard -> blocks.add(link(dashboard.link(a).toString(),
                "Grafana: " + CountryNames.label(a.country()) + " around " + AnomalyFormat.window(a))));

        ObjectNode context = NODES.objectNode().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text", cut("episode `" + escape(a.id())
                + "` · detector `" + escape(a.detector()) + "` · score " + AnomalyFormat.number(a.score()),
                MAX_SECTION_TEXT));
        blocks.add(context);

        if (blocks.size() > MAX_BLOCKS) {
            throw new IllegalStateException("built " + blocks.size() + " blocks, Slack allows " + MAX_BLOCKS);
        }
        return message;
    }

    /**
     * One message for a group of alerts: a header with the count, per alert a section (title line,
     * observed vs expected, window, episode) and its Grafana link, then "and N more" with one line per
     * alert not shown in full as far as the section limit allows, then a context line. Stays within
     * {@value #MAX_BLOCKS} blocks and {@value #MAX_SECTION_TEXT} characters per section whatever the size.
     */
    public static ObjectNode buildGroup(GroupedAlerts group, Optional<GrafanaDashboard> grafana) {
        List<Anomaly> alerts = group.alerts();
        int n = alerts.size();
        ObjectNode message = NODES.objectNode();
        String title = group.reminder()
                ? (n == 1 ? "Reminder: 1 episode still open" : "Reminder: " + n + " episodes still open")
                : (n == 1 ? "1 darkwatch alert" : n + " darkwatch alerts");
        StringBuilder fallback = new StringBuilder(title).append(": ");
        for (int i = 0; i < n && fallback.length() < MAX_FALLBACK_TEXT; i++) {
            fallback.append(i == 0 ? "" : "; ").append(fallbackText(alerts.get(i)));
        }
        message.put("text", cut(fallback.toString(), MAX_FALLBACK_TEXT));
        ArrayNode blocks = message.putArray("blocks");
        blocks.add(header((group.reminder() ? ":alarm_clock: " : worstEmoji(alerts) + " ") + title));

        int blocksPerAlert = grafana.isPresent() ? 2 : 1;
        // header + "and N more" + context are always room for
        int shown = Math.min(n, Math.min(MAX_GROUP_ALERTS, (MAX_BLOCKS - 3) / blocksPerAlert));
        for (Anomaly a : alerts.subList(0, shown)) {
            blocks.add(section(alertSummary(a)));
            grafana.ifPresent(dashboard -> blocks.add(link(dashboard.link(a).toString(),
                    "Grafana: " + CountryNames.label(a.country()) + " around " + AnomalyFormat.window(a))));
        }
        if (shown < n) {
            blocks.add(section(moreText(alerts.subList(shown, n))));
        }
        ObjectNode context = NODES.objectNode().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text", cut("route `"
                + escape(group.group()) + "` · " + (group.reminder() ? "repeated while open"
                : group.events().size() + (group.events().size() == 1 ? " event" : " events") + " grouped"),
                MAX_SECTION_TEXT));
        blocks.add(context);
        if (blocks.size() > MAX_BLOCKS) {
            throw new IllegalStateException("built " + blocks.size() + " blocks, Slack allows " + MAX_BLOCKS);
        }
        return message;
    }

    /** A notice that is not an alert (a flood summary): the text in one section, cut to the limit. */
    public static ObjectNode notice(String text) {
        ObjectNode message = NODES.objectNode();
        message.put("text", cut(escape(text), MAX_FALLBACK_TEXT));
        message.putArray("blocks").add(section(":no_bell: " + escape(text)));
        return message;
    }

    /** One alert of a grouped message: bold title, the comparison and window, the episode line. */
    static String alertSummary(Anomaly a) {
        String titleLine = "*" + emoji(a) + " " + escape(AnomalyFormat.typeLabel(a) + " · "
                + CountryNames.label(a.country()) + " · " + a.status()
                + (a.severity() == null ? "" : " · " + a.severity())) + "*";
        String facts = escape(AnomalyFormat.comparison(a) + ", window " + AnomalyFormat.window(a));
        String episode = episodeText(a);
        return titleLine + "\n" + facts + (episode.isEmpty() ? "" : "\n" + episode)
                + "\n`" + escape(cut(a.id(), MAX_LABEL)) + "`";
    }

    /** {@code _and N more_} followed by one short line per alert, as many as the section limit allows. */
    static String moreText(List<Anomaly> rest) {
        StringBuilder sb = new StringBuilder("_and ").append(rest.size()).append(" more_");
        int listed = 0;
        for (Anomaly a : rest) {
            String line = "\n• " + escape(AnomalyFormat.typeLabel(a) + " · " + CountryNames.label(a.country())
                    + " · " + a.status() + (a.severity() == null ? "" : " · " + a.severity()));
            String tail = "\n_… " + (rest.size() - listed) + " not listed_";
            if (sb.length() + line.length() + tail.length() > MAX_SECTION_TEXT) {
                return sb.append("\n_… ").append(rest.size() - listed).append(" not listed_").toString();
            }
            sb.append(line);
            listed++;
        }
        return sb.toString();
    }

    private static String worstEmoji(List<Anomaly> alerts) {
        boolean critical = alerts.stream().anyMatch(a -> a.status() != EpisodeStatus.RESOLVED
                && a.severity() == Severity.CRITICAL);
        boolean open = alerts.stream().anyMatch(a -> a.status() != EpisodeStatus.RESOLVED);
        return critical ? ":rotating_light:" : open ? ":warning:" : ":white_check_mark:";
    }

    /** One line for notifications: {@code [CRITICAL] Backscatter surge UA OPEN: observed … , window …}. */
    static String fallbackText(Anomaly a) {
        StringBuilder sb = new StringBuilder()
                .append('[').append(AnomalyFormat.severity(a)).append("] ")
                .append(AnomalyFormat.typeLabel(a)).append(' ').append(CountryNames.label(a.country())).append(' ')
                .append(a.status())
                .append(": ").append(AnomalyFormat.comparison(a))
                .append(", window ").append(AnomalyFormat.window(a));
        String resolution = AnomalyFormat.resolution(a);
        if (!resolution.isEmpty()) {
            sb.append(", ").append(resolution);
        }
        return escape(sb.toString());
    }

    /**
     * A bulleted list within the section limit: as many items as fit (at most {@code maxItems}),
     * then {@code _and N more_}.
     */
    static String listText(String title, List<RankedEntry> entries, int maxItems) {
        StringBuilder sb = new StringBuilder("*").append(title).append('*');
        // Room kept for the longest possible "and N more" line.
        int reserve = ("\n_and " + entries.size() + " more_").length();
        int shown = 0;
        for (RankedEntry e : entries) {
            if (shown == maxItems) {
                break;
            }
            String line = "\n• `" + escape(cut(e.label(), MAX_LABEL)) + "`"
                    + (e.packets().isPresent() ? " — " + packets(e.packets().getAsLong()) : "")
                    + e.network().map(n -> " — " + escape(cut(n, MAX_LABEL))).orElse("");
            if (sb.length() + line.length() + reserve > MAX_SECTION_TEXT) {
                break;
            }
            sb.append(line);
            shown++;
        }
        if (shown < entries.size()) {
            sb.append("\n_and ").append(entries.size() - shown).append(" more_");
        }
        return sb.toString();
    }

    private static String packets(long n) {
        return AnomalyFormat.count(n) + (n == 1 ? " packet" : " packets");
    }

    private static String episodeText(Anomaly a) {
        if (a.episodeStart() == null) {
            return "";
        }
        String started = "*Episode* started " + AnomalyFormat.instant(a.episodeStart());
        if (a.status() == EpisodeStatus.RESOLVED) {
            String end = a.episodeEnd() != null ? " (ended " + AnomalyFormat.instant(a.episodeEnd()) + ")" : "";
            return started + ", resolved after " + AnomalyFormat.episodeDuration(a) + end;
        }
        if (a.status() == EpisodeStatus.ONGOING) {
            return started + ", ongoing for " + AnomalyFormat.episodeDuration(a);
        }
        return started;
    }

    private static String emoji(Anomaly a) {
        if (a.status() == EpisodeStatus.RESOLVED) {
            return ":white_check_mark:";
        }
        if (a.status() == EpisodeStatus.ONGOING) {
            return ":hourglass_flowing_sand:";
        }
        return a.severity() == Severity.CRITICAL ? ":rotating_light:" : ":warning:";
    }

    /** A rich_text block holding one link; rich_text elements are plain text, so nothing is escaped. */
    private static ObjectNode link(String url, String text) {
        ObjectNode block = NODES.objectNode().put("type", "rich_text");
        ArrayNode section = block.putArray("elements").addObject().put("type", "rich_text_section")
                .putArray("elements");
        section.addObject().put("type", "link").put("url", url).put("text", cut(text, MAX_FIELD_TEXT));
        return block;
    }

    private static ObjectNode header(String text) {
        ObjectNode header = NODES.objectNode().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", cut(text, MAX_HEADER_TEXT)).put("emoji", true);
        return header;
    }

    private static ObjectNode section(String mrkdwn) {
        ObjectNode section = NODES.objectNode().put("type", "section");
        if (mrkdwn != null) {
            section.putObject("text").put("type", "mrkdwn").put("text", cut(mrkdwn, MAX_SECTION_TEXT));
        }
        return section;
    }

    private static void field(ArrayNode fields, String title, String value) {
        fields.addObject().put("type", "mrkdwn").put("text", cut("*" + title + "*\n" + escape(value), MAX_FIELD_TEXT));
    }

    /** Slack's mrkdwn treats &, < and > as control characters. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
