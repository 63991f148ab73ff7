package io.darkwatch.cli.command;

import io.darkwatch.cli.BadOptionException;
import io.darkwatch.common.kafka.KafkaClientProperties;
import io.darkwatch.streams.config.ConfigClient;
import io.darkwatch.streams.config.ConfigEntry;
import io.darkwatch.streams.config.ConfigRecord;
import io.darkwatch.streams.config.ConfigStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Live detector settings on the compacted {@code darkwatch.config} topic: every running streams-app
 * applies a change from its next window on, without a restart.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Tune detector thresholds live through the darkwatch.config topic. Scopes: global, "
                + "detector/<backscatter-surge|outage|scan-surge|scan-sweep>, detector/<name>/country/<CC>; a country "
                + "scope wins over its "
                + "detector's, which wins over global, which wins over the settings the streams app started with. "
                + "Keys are those of `analyze --set` (window.size, window.grace, baseline.windows, signal.top-n, "
                + "country.forget-after, outage.signal and scan.enabled cannot change live). How each setting works: "
                + "docs/detectors.md.",
        subcommands = {ConfigCommand.Set.class, ConfigCommand.Get.class, ConfigCommand.ListScopes.class,
            ConfigCommand.Delete.class, ConfigCommand.Validate.class})
public final class ConfigCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Where the Kafka cluster is (shared by the config and silence commands). */
    static final class Broker {
        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,…]",
                defaultValue = "${env:DARKWATCH_BOOTSTRAP_SERVERS:-localhost:9092}",
                description = "Kafka bootstrap servers (default: $DARKWATCH_BOOTSTRAP_SERVERS or ${DEFAULT-VALUE}).")
        String bootstrapServers;

        @Option(names = KafkaClientProperties.CONFIG_FILE_OPTION, paramLabel = "FILE",
                description = "Kafka client properties file (TLS, SASL, ...; default: $"
                        + KafkaClientProperties.CONFIG_FILE_ENV + "); " + KafkaClientProperties.ENV_PREFIX
                        + "* variables override it.")
        Path kafkaConfig;

        /** The client properties of the file and the environment (TLS, SASL, …) for a secured cluster. */
        KafkaClientProperties kafka() {
            return KafkaClientProperties.load(kafkaConfig, System.getenv());
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Replace a scope's settings (validated first: nothing is written when anything is wrong), "
                    + "then wait for a running streams app to accept or reject them.")
    static final class Set implements Callable<Integer> {
        @Mixin
        Broker broker;

        @Parameters(index = "0", paramLabel = "SCOPE", description = "e.g. global, detector/outage/country/KZ")
        String scope;

        @Parameters(index = "1..*", paramLabel = "KEY=VALUE", arity = "1..*", description = "settings, e.g. outage.warning-ratio=0.2")
        Map<String, String> settings = new LinkedHashMap<>();

        @Option(names = "--by", description = "who makes the change (default: the OS user).")
        String by = System.getProperty("user.name", "unknown");

        @Option(names = "--comment", description = "why (kept with the record).")
        String comment = "";

        @Option(names = "--wait", defaultValue = "10s",
                description = "how long to wait for a streams app's verdict (default ${DEFAULT-VALUE}).")
        Duration wait;

        @Override
        public Integer call() {
            try (ConfigClient client = new ConfigClient(broker.bootstrapServers, broker.kafka())) {
                ConfigEntry written = client.set(scope, settings, by, comment);
                System.out.printf("%s: written at offset %d: %s%n", scope, written.offset(),
                        written.record().settings());
                return report(client.awaitStatus(scope, written.offset(), wait), wait);
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a scope: its detectors fall back to the less specific scopes.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        Broker broker;

        @Parameters(index = "0", paramLabel = "SCOPE")
        String scope;

        @Option(names = "--wait", defaultValue = "10s", description = "how long to wait for a streams app's verdict.")
        Duration wait;

        @Override
        public Integer call() {
            try (ConfigClient client = new ConfigClient(broker.bootstrapServers, broker.kafka())) {
                long offset = client.delete(scope);
                System.out.printf("%s: deleted at offset %d%n", scope, offset);
                return report(client.awaitStatus(scope, offset, wait), wait);
            }
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a scope's latest record and its status.")
    static final class Get implements Callable<Integer> {
        @Mixin
        Broker broker;

        @Parameters(index = "0", paramLabel = "SCOPE")
        String scope;

        @Override
        public Integer call() {
            try (ConfigClient client = new ConfigClient(broker.bootstrapServers, broker.kafka())) {
                Optional<ConfigEntry> entry = client.get(scope);
                if (entry.isEmpty()) {
                    System.out.println(scope + ": no settings (the less specific scopes apply)");
                    return 0;
                }
                System.out.println(line(entry.get(), client.statuses().get(scope)));
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every scope with settings, and its status.")
    static final class ListScopes implements Callable<Integer> {
        @Mixin
        Broker broker;

        @Override
        public Integer call() {
            try (ConfigClient client = new ConfigClient(broker.bootstrapServers, broker.kafka())) {
                List<ConfigEntry> entries = client.list();
                Map<String, ConfigStatus> statuses = client.statuses();
                if (entries.isEmpty()) {
                    System.out.println("no live settings: every streams app uses the settings it started with");
                }
                entries.forEach(e -> System.out.println(line(e, statuses.get(e.scope()))));
                return 0;
            }
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check settings for a scope, or a whole record (--file, JSON as on the topic), without "
                    + "a broker. Exit 0 when valid, 2 with every problem listed when not.")
    static final class Validate implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SCOPE")
        String scope;

        @Parameters(index = "1..*", paramLabel = "KEY=VALUE", arity = "0..*")
        Map<String, String> settings = new LinkedHashMap<>();

        @Option(names = "--file", paramLabel = "FILE", description = "a config record as JSON")
        Path file;

        @Override
        public Integer call() throws Exception {
            if ((file == null) == settings.isEmpty()) {
                throw new BadOptionException("give KEY=VALUE settings or --file, one of the two");
            }
            // Validation needs no broker; the client connects only when it writes or reads.
            try (ConfigClient client = new ConfigClient("localhost:9092")) {
                ConfigRecord record = file == null ? client.validate(scope, settings)
                        : client.validateRecord(scope, Files.readString(file));
                System.out.println(scope + ": valid " + record.settings());
                return 0;
            }
        }
    }

    private static String line(ConfigEntry e, ConfigStatus status) {
        return String.format("%-36s %s  by %s at %s%s  [%s]", e.scope(), e.record().settings(), e.record().updatedBy(),
                e.record().updatedAt(), e.record().comment() == null || e.record().comment().isBlank() ? ""
                        : " (" + e.record().comment() + ")",
                status == null ? "no verdict yet" : status.status().label()
                        + (status.problems().isEmpty() ? "" : ": " + String.join("; ", status.problems())));
    }

    /** Prints a streams app's verdict; exit 1 when it rejected the change. */
    private static int report(Optional<ConfigStatus> status, Duration waited) {
        if (status.isEmpty()) {
            System.out.println("no streams app confirmed it within " + waited.toSeconds()
                    + " s (none running?); it applies when one reads the topic");
            return 0;
        }
        ConfigStatus s = status.get();
        System.out.println(s.scope() + ": " + s.status().label()
                + (s.problems().isEmpty() ? "" : "\n  " + String.join("\n  ", s.problems())));
        return s.status() == ConfigStatus.Outcome.REJECTED ? 1 : 0;
    }
}
