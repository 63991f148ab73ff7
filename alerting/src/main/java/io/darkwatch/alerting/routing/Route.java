package io.darkwatch.alerting.routing;

import io.darkwatch.alerting.slack.SlackWebhookUrl;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One route: the events it takes and the Slack webhook they go to.
 *
 * @param name    short name, used as the group key, in the {@code route} and {@code sink} metric tags
 *                ({@code slack-<name>}) and in logs; lowercase letters, digits, '-' and '_'
 * @param match   which events it takes
 * @param webhook where it posts (a secret: never logged but {@link SlackWebhookUrl#redacted()})
 */
public record Route(String name, RouteMatch match, SlackWebhookUrl webhook) {
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    public Route {
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(webhook, "webhook");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("route name '" + name + "' is not 1-40 of a-z, 0-9, '-', '_'");
        }
    }

    /** The name of the Slack sink of this route, as in metrics and dead letters. */
    public String sinkName() {
        return "slack-" + name;
    }
}
