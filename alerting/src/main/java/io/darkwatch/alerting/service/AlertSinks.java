package io.darkwatch.alerting.service;

import io.darkwatch.alerting.config.AlertingSettings;
import io.darkwatch.alerting.flood.FloodProtectedSink;
import io.darkwatch.alerting.metrics.AlertMetrics;
import io.darkwatch.alerting.routing.Route;
import io.darkwatch.alerting.sink.AlertSink;
import io.darkwatch.alerting.sink.ConsoleSink;
import io.darkwatch.alerting.sink.JsonLinesFileSink;
import io.darkwatch.alerting.sink.MeteredSink;
import io.darkwatch.alerting.slack.SlackWebhookSink;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the sinks the settings ask for, each counted through {@link MeteredSink}. */
public final class AlertSinks {
    private AlertSinks() {
    }

    /**
     * Console first (cheap, never blocks), then the file (the durable record), then Slack (slow,
     * rate limited, may retry): an event reaches the fast sinks even while Slack is struggling.
     */
    public static List<AlertSink> fromSettings(AlertingSettings settings, AlertMetrics metrics, PrintStream console) {
        List<AlertSink> sinks = new ArrayList<>();
        try {
            if (settings.console()) {
                sinks.add(new MeteredSink(new ConsoleSink(console), metrics));
            }
            settings.outputFile().ifPresent(path -> sinks.add(new MeteredSink(new JsonLinesFileSink(path), metrics)));
            // With routes, each route has its own Slack sink (routeSinks); the single webhook is not a catch-all.
            settings.slackWebhook().filter(url -> settings.routes().isEmpty()).ifPresent(url -> sinks.add(
                    floodProtected(new MeteredSink(SlackWebhookSink.create(url, settings.slackDelivery(), metrics,
                            settings.grafana()), metrics), AlertRouting.DEFAULT_ROUTE, settings, metrics)));
        } catch (RuntimeException e) {
            sinks.forEach(AlertSink::close);
            throw e;
        }
        return List.copyOf(sinks);
    }

    /** The sink, kept to the settings' messages per hour unless that is 0 (no limit). */
    private static AlertSink floodProtected(AlertSink sink, String route, AlertingSettings settings,
            AlertMetrics metrics) {
        return settings.slackMessagesPerHour() == 0 ? sink
                : new FloodProtectedSink(sink, route, settings.slackMessagesPerHour(), Clock.systemUTC(), metrics);
    }

    /**
     * One counted Slack sink per route, named {@code slack-<route>}, each with its own rate limit
     * (Slack's limit is per webhook); none without routes.
     */
    public static AlertRouting routing(AlertingSettings settings, AlertMetrics metrics) {
        if (settings.routes().isEmpty()) {
            return AlertRouting.NONE;
        }
        Map<String, AlertSink> sinks = new LinkedHashMap<>();
        for (Route route : settings.routes().get().routes()) {
            sinks.put(route.name(), floodProtected(new MeteredSink(SlackWebhookSink.create(route.webhook(),
                    settings.slackDelivery(), metrics, settings.grafana(), route.sinkName()), metrics), route.name(),
                    settings, metrics));
        }
        return new AlertRouting(settings.routes().get(), sinks);
    }
}
