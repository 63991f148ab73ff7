package io.darkwatch.cli.command;

import io.darkwatch.alerting.silence.Silence;
import io.darkwatch.cli.BadOptionException;
import io.darkwatch.alerting.silence.SilenceClient;
import io.darkwatch.alerting.topic.AlertingTopics;
import io.darkwatch.common.topic.TopicInitializer;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import io.darkwatch.common.anomaly.AnomalyType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Silences on the compacted darkwatch.alerting.silences topic, honoured by every alerting instance. */
@Command(name = "silence", mixinStandardHelpOptions = true,
        description = "Hold back alerts for a country and/or an anomaly type for a while (a known shutdown, "
                + "a maintenance window). Silenced alerts are counted (darkwatch_alerts_silenced_total), not sent.",
        subcommands = {SilenceCommand.Add.class, SilenceCommand.ListSilences.class, SilenceCommand.Expire.class})
public final class SilenceCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "e.g. silence add --country KZ --type OUTAGE --for 6h --comment \"announced shutdown\"")
    static final class Add implements Callable<Integer> {
        @Mixin
        ConfigCommand.Broker broker;

        @Option(names = "--country", description = "ISO 3166-1 alpha-2 code; absent: every country")
        String country;

        @Option(names = "--type", description = "anomaly type (${COMPLETION-CANDIDATES}); absent: every type")
        AnomalyType type;

        @Option(names = "--for", required = true, paramLabel = "DURATION", description = "how long, e.g. 6h, 2d")
        Duration duration;

        @Option(names = "--comment", required = true, description = "why (shown with the silence)")
        String comment;

        @Option(names = "--by", description = "who (default: the OS user)")
        String by = System.getProperty("user.name", "unknown");

        @Override
        public Integer call() {
            // The first silence of a cluster may come before any alerting instance created the topic.
            try (Admin admin = Admin.create(broker.kafka().onTopOf(
                    Map.of("bootstrap.servers", broker.bootstrapServers), AdminClientConfig.configNames()))) {
                TopicInitializer.ensure(admin, List.of(AlertingTopics.SILENCES), 1,
                        AlertingTopics.BROKER_DEFAULT_REPLICATION, false);
            }
            try (SilenceClient client = SilenceClient.connect(broker.bootstrapServers, broker.kafka())) {
                Silence s;
                try {
                    s = client.add(country, type, duration, comment, by);
                } catch (IllegalArgumentException e) {
                    throw new BadOptionException(e.getMessage()); // the silence's own checks: the user's input
                }
                System.out.println("silence " + s.id() + " until " + s.endsAt() + ": " + describe(s));
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Silences in force, ending soonest first.")
    static final class ListSilences implements Callable<Integer> {
        @Mixin
        ConfigCommand.Broker broker;

        @Override
        public Integer call() {
            try (SilenceClient client = SilenceClient.connect(broker.bootstrapServers, broker.kafka())) {
                List<Silence> silences = client.list();
                if (silences.isEmpty()) {
                    System.out.println("no silences in force");
                }
                silences.forEach(s -> System.out.println(s.id() + "  until " + s.endsAt() + "  " + describe(s)));
                return 0;
            }
        }
    }

    @Command(name = "expire", mixinStandardHelpOptions = true, description = "End a silence now.")
    static final class Expire implements Callable<Integer> {
        @Mixin
        ConfigCommand.Broker broker;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            try (SilenceClient client = SilenceClient.connect(broker.bootstrapServers, broker.kafka())) {
                if (!client.expire(id)) {
                    System.err.println("no silence in force has id " + id);
                    return 1;
                }
                System.out.println("silence " + id + " expired");
                return 0;
            }
        }
    }

    private static String describe(Silence s) {
        return (s.country() == null ? "every country" : s.country()) + ", "
                + (s.type() == null ? "every type" : s.type().name()) + " — " + s.comment() + " (" + s.author() + ")";
    }
}
