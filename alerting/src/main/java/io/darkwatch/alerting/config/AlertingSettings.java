package io.darkwatch.alerting.config;

import io.darkwatch.alerting.grouping.GroupingSettings;
import io.darkwatch.alerting.render.GrafanaDashboard;
import io.darkwatch.alerting.routing.Routes;
import io.darkwatch.alerting.slack.SlackDeliverySettings;
import io.darkwatch.alerting.slack.SlackWebhookUrl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Everything the alerting service needs to start, validated at once: the constructor reports every
 * problem together in one {@link InvalidSettingsException}.
 *
 * @param bootstrapServers comma-separated {@code host:port} list
 * @param groupId          consumer group; instances sharing it share the work and the offsets
 * @param startFrom        where a group without committed offsets starts
 * @param slackWebhook     where to post, if anywhere
 * @param slackDelivery    timeouts, retries and rate limit of the Slack sink
 * @param outputFile       JSON-lines file to append every event to, if any
 * @param console          whether to print events on standard output
 * @param grafana          the dashboard Slack messages link to, if any
 * @param grouping         how alerts are grouped into messages; empty: each event is sent on its own
 * @param routes           where each event goes in Slack; when present, {@code slackWebhook} is not
 *                         used as a catch-all (routes name their webhooks, the last one takes the rest)
 * @param slackMessagesPerHour at most this many Slack messages per route (or per webhook) in any hour,
 *                         then one summary of what was held back; 0 for no limit
 */
public record AlertingSettings(
        String bootstrapServers,
        String groupId,
        StartPosition startFrom,
        Optional<SlackWebhookUrl> slackWebhook,
        SlackDeliverySettings slackDelivery,
        Optional<Path> outputFile,
        boolean console,
        Optional<GrafanaDashboard> grafana,
        Optional<GroupingSettings> grouping,
        Optional<Routes> routes,
        int slackMessagesPerHour) {

    public static final String DEFAULT_GROUP_ID = "darkwatch-alerting";
    /** Environment variable holding the webhook URL itself. */
    public static final String ENV_WEBHOOK_URL = "SLACK_WEBHOOK_URL";
    /** Environment variable naming a file that holds the webhook URL (e.g. a mounted Kubernetes secret). */
    public static final String ENV_WEBHOOK_URL_FILE = "SLACK_WEBHOOK_URL_FILE";

    /** How the "nothing to send to" problem starts, so that callers with routes can drop it. */
    public static final String NO_SINK = "no sink is enabled";
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[^\\s:,\\[\\]]+):(\\d{1,5})");

    public AlertingSettings {
        Objects.requireNonNull(slackWebhook, "slackWebhook");
        Objects.requireNonNull(outputFile, "outputFile");
        Objects.requireNonNull(grafana, "grafana");
        Objects.requireNonNull(grouping, "grouping");
        Objects.requireNonNull(routes, "routes");
        List<String> problems = problems(bootstrapServers, groupId, startFrom, slackWebhook, slackDelivery,
                outputFile, console);
        if (slackMessagesPerHour < 0) {
            problems.add("Slack messages per hour must be 0 (no limit) or more, not " + slackMessagesPerHour);
        }
        if (routes.isPresent()) {
            problems.removeIf(p -> p.startsWith(NO_SINK));
            if (slackDelivery == null) {
                problems.add("Slack delivery settings are missing");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }

    /** Flood protection's default: Slack messages per route and hour. */
    public static final int DEFAULT_SLACK_MESSAGES_PER_HOUR = 20;

    /** Settings with the default flood protection. */
    public AlertingSettings(String bootstrapServers, String groupId, StartPosition startFrom,
            Optional<SlackWebhookUrl> slackWebhook, SlackDeliverySettings slackDelivery, Optional<Path> outputFile,
            boolean console, Optional<GrafanaDashboard> grafana, Optional<GroupingSettings> grouping,
            Optional<Routes> routes) {
        this(bootstrapServers, groupId, startFrom, slackWebhook, slackDelivery, outputFile, console, grafana, grouping,
                routes, DEFAULT_SLACK_MESSAGES_PER_HOUR);
    }

    /** Settings without grouping. */
    public AlertingSettings(String bootstrapServers, String groupId, StartPosition startFrom,
            Optional<SlackWebhookUrl> slackWebhook, SlackDeliverySettings slackDelivery, Optional<Path> outputFile,
            boolean console, Optional<GrafanaDashboard> grafana) {
        this(bootstrapServers, groupId, startFrom, slackWebhook, slackDelivery, outputFile, console, grafana,
                Optional.empty(), Optional.empty());
    }

    /** Settings without a Grafana link and without grouping. */
    public AlertingSettings(String bootstrapServers, String groupId, StartPosition startFrom,
            Optional<SlackWebhookUrl> slackWebhook, SlackDeliverySettings slackDelivery, Optional<Path> outputFile,
            boolean console) {
        this(bootstrapServers, groupId, startFrom, slackWebhook, slackDelivery, outputFile, console, Optional.empty());
    }

    /** These settings, with Slack messages linking to this dashboard (or to none). */
    public AlertingSettings withGrafana(Optional<GrafanaDashboard> dashboard) {
        return new AlertingSettings(bootstrapServers, groupId, startFrom, slackWebhook, slackDelivery, outputFile,
                console, dashboard, grouping, routes, slackMessagesPerHour);
    }

    /** These settings, with alerts grouped into messages this way (or each sent on its own). */
    public AlertingSettings withGrouping(Optional<GroupingSettings> grouping) {
        return new AlertingSettings(bootstrapServers, groupId, startFrom, slackWebhook, slackDelivery, outputFile,
                console, grafana, grouping, routes, slackMessagesPerHour);
    }

    /** These settings, with at most this many Slack messages per route and hour (0: no limit). */
    public AlertingSettings withSlackMessagesPerHour(int limit) {
        return new AlertingSettings(bootstrapServers, groupId, startFrom, slackWebhook, slackDelivery, outputFile,
                console, grafana, grouping, routes, limit);
    }

    /** These settings, with events routed to Slack webhooks by these routes (or all to {@code slackWebhook}). */
    public AlertingSettings withRoutes(Optional<Routes> routes) {
        return new AlertingSettings(bootstrapServers, groupId, startFrom, slackWebhook, slackDelivery, outputFile,
                console, grafana, grouping, routes, slackMessagesPerHour);
    }

    /**
     * Settings from command-line values plus the webhook from the environment ({@value #ENV_WEBHOOK_URL}
     * or {@value #ENV_WEBHOOK_URL_FILE}); {@code env} is {@code System::getenv} in production and a
     * map's {@code get} in tests. Problems with the webhook are reported together with all others.
     *
     * @throws InvalidSettingsException listing every problem
     */
    public static AlertingSettings fromEnvironment(String bootstrapServers, String groupId, StartPosition startFrom,
            SlackDeliverySettings slackDelivery, Path outputFile, boolean console, Function<String, String> env) {
        List<String> problems = new ArrayList<>();
        Optional<SlackWebhookUrl> webhook = webhookFrom(env, problems);
        Optional<Path> output = Optional.ofNullable(outputFile);
        List<String> others = problems(bootstrapServers, groupId, startFrom, webhook, slackDelivery, output, console);
        if (!problems.isEmpty()) {
            // The webhook was meant to be set but is broken: that problem says it all, "no sink" would mislead.
            others.removeIf(p -> p.startsWith(NO_SINK));
        }
        problems.addAll(others);
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems.stream().distinct().toList());
        }
        return new AlertingSettings(bootstrapServers, groupId, startFrom, webhook, slackDelivery, output, console);
    }

    /** Every problem with these values, empty when they can be used. */
    static List<String> problems(String bootstrapServers, String groupId, StartPosition startFrom,
            Optional<SlackWebhookUrl> slackWebhook, SlackDeliverySettings slackDelivery, Optional<Path> outputFile,
            boolean console) {
        List<String> problems = new ArrayList<>();
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            problems.add("bootstrap servers are missing (host:port[,host:port…])");
        } else {
            for (String server : bootstrapServers.split(",")) {
                var m = HOST_PORT.matcher(server.strip());
                if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
                    problems.add("bootstrap server '" + server.strip() + "' is not host:port with a port 1-65535");
                }
            }
        }
        if (groupId == null || groupId.isBlank()) {
            problems.add("consumer group id is empty");
        }
        if (startFrom == null) {
            problems.add("start position (earliest or latest) is missing");
        }
        if (slackWebhook.isPresent() && slackDelivery == null) {
            problems.add("Slack delivery settings are missing");
        }
        if (outputFile.isPresent() && Files.isDirectory(outputFile.get())) {
            problems.add("output file " + outputFile.get() + " is a directory; name a file to append to");
        }
        if (slackWebhook.isEmpty() && outputFile.isEmpty() && !console) {
            problems.add(NO_SINK + ": set " + ENV_WEBHOOK_URL + " or " + ENV_WEBHOOK_URL_FILE
                    + ", an output file, or the console");
        }
        return problems;
    }

    private static Optional<SlackWebhookUrl> webhookFrom(Function<String, String> env, List<String> problems) {
        String direct = blankToNull(env.apply(ENV_WEBHOOK_URL));
        String file = blankToNull(env.apply(ENV_WEBHOOK_URL_FILE));
        if (direct != null && file != null) {
            problems.add("both " + ENV_WEBHOOK_URL + " and " + ENV_WEBHOOK_URL_FILE + " are set; set only one");
            return Optional.empty();
        }
        String text = direct;
        String source = ENV_WEBHOOK_URL;
        if (file != null) {
            source = ENV_WEBHOOK_URL_FILE + " (" + file + ")";
            try {
                text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException | InvalidPathException e) {
                problems.add("cannot read the Slack webhook URL from " + source + ": "
                        + e.getClass().getSimpleName() + " " + e.getMessage());
                return Optional.empty();
            }
        }
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(SlackWebhookUrl.parse(text));
        } catch (IllegalArgumentException e) {
            // The message of SlackWebhookUrl never repeats the URL, so it is safe to show.
            problems.add(source + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
