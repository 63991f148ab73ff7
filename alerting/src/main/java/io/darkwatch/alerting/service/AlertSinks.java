package io.darkwatch.alerting.service;

import io.darkwatch.alerting.config.AlertingSettings;
import io.darkwatch.alerting.metrics.AlertMetrics;
import io.darkwatch.alerting.sink.AlertSink;
import io.darkwatch.alerting.sink.ConsoleSink;
import io.darkwatch.alerting.sink.JsonLinesFileSink;
import io.darkwatch.alerting.sink.MeteredSink;
import io.darkwatch.alerting.slack.SlackWebhookSink;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

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
            settings.slackWebhook().ifPresent(url -> sinks.add(new MeteredSink(
                    SlackWebhookSink.create(url, settings.slackDelivery(), metrics, settings.grafana()), metrics)));
        } catch (RuntimeException e) {
            sinks.forEach(AlertSink::close);
            throw e;
        }
        return List.copyOf(sinks);
    }
}
