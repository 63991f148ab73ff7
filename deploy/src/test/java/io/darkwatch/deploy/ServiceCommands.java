package io.darkwatch.deploy;

import io.darkwatch.alerting.AlertingMain;
import io.darkwatch.alerting.config.AlertingSettings;
import io.darkwatch.capture.CaptureProducerMain;
import io.darkwatch.common.kafka.KafkaClientProperties;
import io.darkwatch.streams.StreamsMain;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The services' real command lines, read from their picocli classes: which commands and options
 * exist, which environment variables they read, and which metrics port a container ends up on.
 * The deployment files are checked against this, never against a copy of the option names.
 */
final class ServiceCommands {
    /** The metrics/health option every service has. */
    static final String METRICS_PORT = "--metrics-port";
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Z0-9_]+)(?::-([^}]*))?}");

    /** The container commands (the CLI's subcommand names) and a fresh instance of each. */
    private static final Map<String, Supplier<Object>> COMMANDS = Map.of(
            "replay", CaptureProducerMain.Replay::new,
            "capture", CaptureProducerMain.Capture::new,
            "streams", StreamsMain::new,
            "alerting", AlertingMain::new);

    private ServiceCommands() {
    }

    static Set<String> names() {
        return new TreeSet<>(COMMANDS.keySet());
    }

    /** The command's spec, variables not interpolated, so defaults read as written ({@code ${env:X:-9402}}). */
    static CommandSpec spec(String command) {
        Supplier<Object> factory = COMMANDS.get(command);
        if (factory == null) {
            throw new AssertionError("'" + command + "' is not a darkwatch service command; known: " + names());
        }
        CommandLine cl = new CommandLine(factory.get());
        cl.setInterpolateVariables(false);
        return cl.getCommandSpec();
    }

    /**
     * Parses these arguments with the command's real parser (options, types, required parameters).
     *
     * @throws CommandLine.ParameterException naming what is wrong
     */
    static void parse(String command, List<String> args) {
        CommandLine cl = new CommandLine(COMMANDS.get(command).get());
        cl.registerConverter(java.time.Duration.class, CaptureProducerMain::parseDuration);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.parseArgs(args.toArray(String[]::new));
    }

    /** Every environment variable the command's options take defaults from. */
    static Set<String> optionEnvironment(String command) {
        Set<String> names = new TreeSet<>();
        for (OptionSpec option : spec(command).options()) {
            if (option.defaultValue() != null) {
                Matcher m = ENV_DEFAULT.matcher(option.defaultValue());
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /**
     * Whether a container of this command may set this environment variable: one its options read,
     * the alerting webhook variables, or a Kafka client property ({@code DARKWATCH_KAFKA_*} naming a
     * real producer, consumer, admin or Streams config).
     */
    static Optional<String> environmentProblem(String command, String name) {
        if (optionEnvironment(command).contains(name) || name.equals(KafkaClientProperties.CONFIG_FILE_ENV)) {
            return Optional.empty();
        }
        if (command.equals("alerting") && (name.equals(AlertingSettings.ENV_WEBHOOK_URL)
                || name.equals(AlertingSettings.ENV_WEBHOOK_URL_FILE))) {
            return Optional.empty();
        }
        if (name.startsWith(KafkaClientProperties.ENV_PREFIX)) {
            String property = KafkaClientProperties.propertyName(name.substring(KafkaClientProperties.ENV_PREFIX.length()));
            return kafkaConfigNames().contains(property) ? Optional.empty()
                    : Optional.of(name + " stands for '" + property + "', which is no Kafka client config");
        }
        return Optional.of(name + " is read by no option of '" + command + "' (it reads " + optionEnvironment(command)
                + ", " + KafkaClientProperties.CONFIG_FILE_ENV + " and " + KafkaClientProperties.ENV_PREFIX + "*)");
    }

    static Set<String> kafkaConfigNames() {
        Set<String> names = new TreeSet<>();
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        names.addAll(StreamsConfig.configDef().names());
        return names;
    }

    /**
     * The port a container of this command serves metrics and health on: {@code --metrics-port} in
     * its arguments, else the option's environment variable, else the option's default.
     */
    static int metricsPort(String command, List<String> args, Map<String, String> environment) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith(METRICS_PORT + "=")) {
                return Integer.parseInt(a.substring(METRICS_PORT.length() + 1));
            }
            if (a.equals(METRICS_PORT) && i + 1 < args.size()) {
                return Integer.parseInt(args.get(i + 1));
            }
        }
        OptionSpec option = spec(command).findOption(METRICS_PORT);
        if (option == null) {
            throw new AssertionError("'" + command + "' has no " + METRICS_PORT + " option");
        }
        Matcher m = ENV_DEFAULT.matcher(option.defaultValue());
        if (m.matches()) {
            String fromEnv = environment.get(m.group(1));
            return Integer.parseInt(fromEnv != null ? fromEnv : m.group(2));
        }
        return Integer.parseInt(option.defaultValue());
    }
}
