package io.darkwatch.alerting;

import io.darkwatch.alerting.config.AlertingSettings;
import io.darkwatch.alerting.config.InvalidSettingsException;
import io.darkwatch.alerting.config.StartPosition;
import io.darkwatch.alerting.service.AlertingService;
import io.darkwatch.alerting.slack.SlackDeliverySettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The alerting process: reads anomaly events and sends them to the console, a file and Slack until
 * it is stopped (SIGTERM / Ctrl-C), then finishes the current batch and commits.
 *
 * <p>The Slack webhook URL is a secret and is therefore taken only from the environment
 * ({@code SLACK_WEBHOOK_URL}, or {@code SLACK_WEBHOOK_URL_FILE} naming a file such as a mounted
 * Kubernetes secret), never from a command-line flag, which other users of the host can see.
 *
 * <p>Usable as a picocli subcommand: {@code new CommandLine(parent).addSubcommand(new AlertingMain())}.
 */
@Command(name = "alert",
        description = "Send darkwatch anomaly events to the console, a JSON-lines file and Slack.",
        footer = {"", "Environment:",
            "  SLACK_WEBHOOK_URL       Slack incoming-webhook URL (secret)",
            "  SLACK_WEBHOOK_URL_FILE  file holding that URL (e.g. a Kubernetes secret)",
            "  DARKWATCH_BOOTSTRAP_SERVERS  default for --bootstrap-servers"})
public final class AlertingMain implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:DARKWATCH_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String bootstrapServers;

    @Option(names = "--group-id", defaultValue = AlertingSettings.DEFAULT_GROUP_ID,
            description = "Consumer group id (default: ${DEFAULT-VALUE})")
    String groupId;

    @Option(names = "--from", defaultValue = "LATEST", converter = StartPositionConverter.class,
            description = "Where a new consumer group starts: earliest or latest (default: latest)")
    StartPosition startFrom;

    @Option(names = "--output-file", description = "Append every event as one JSON line to this file")
    Path outputFile;

    @Option(names = "--console", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Print events on standard output (default: on; --no-console to turn off)")
    boolean console;

    @Option(names = "--slack-timeout", defaultValue = "10",
            description = "Seconds to wait for Slack to answer one request (default: ${DEFAULT-VALUE})")
    long slackTimeoutSeconds;

    @Option(names = "--slack-max-attempts", defaultValue = "5",
            description = "Requests per event at most before giving it up (default: ${DEFAULT-VALUE})")
    int slackMaxAttempts;

    private final Function<String, String> env;
    private final MeterRegistry registry;

    public AlertingMain() {
        this(System::getenv, new SimpleMeterRegistry());
    }

    /** For a caller (the CLI) that brings its own metrics registry, e.g. a Prometheus one. */
    public AlertingMain(Function<String, String> env, MeterRegistry registry) {
        this.env = env;
        this.registry = registry;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new AlertingMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        AlertingSettings settings;
        try {
            settings = settings();
        } catch (InvalidSettingsException e) {
            System.err.println(e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        AlertingService service;
        try {
            service = AlertingService.create(settings, registry);
        } catch (UncheckedIOException | KafkaException e) {
            // An output file that cannot be opened, bootstrap servers that do not resolve: say so plainly.
            Throwable cause = e.getCause();
            System.err.println("cannot start alerting: " + e.getMessage()
                    + (cause != null && e instanceof KafkaException ? " (" + cause.getMessage() + ")" : ""));
            return CommandLine.ExitCode.SOFTWARE;
        }
        Thread hook = new Thread(service::close, "darkwatch-alerting-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        service.start();
        while (!service.awaitTermination(Duration.ofSeconds(1))) {
            // Waiting for SIGTERM; the shutdown hook closes the service.
        }
        service.close();
        return service.failure().isPresent() ? CommandLine.ExitCode.SOFTWARE : CommandLine.ExitCode.OK;
    }

    /** The settings these options and the environment describe; every problem reported at once. */
    AlertingSettings settings() {
        SlackDeliverySettings defaults = SlackDeliverySettings.defaults();
        Duration timeout = Duration.ofSeconds(slackTimeoutSeconds);
        List<String> problems = new ArrayList<>(SlackDeliverySettings.problems(timeout, slackMaxAttempts,
                defaults.initialBackoff(), defaults.maxBackoff(), defaults.maxRetryAfter(),
                defaults.messagesPerSecond(), defaults.burst()));
        SlackDeliverySettings slack = problems.isEmpty()
                ? defaults.withRequestTimeout(timeout).withMaxAttempts(slackMaxAttempts) : defaults;
        try {
            AlertingSettings settings = AlertingSettings.fromEnvironment(bootstrapServers, groupId, startFrom, slack,
                    outputFile, console, env);
            if (problems.isEmpty()) {
                return settings;
            }
        } catch (InvalidSettingsException e) {
            problems.addAll(e.problems());
        }
        throw new InvalidSettingsException(problems);
    }

    /** Accepts earliest/latest in any case. */
    static final class StartPositionConverter implements CommandLine.ITypeConverter<StartPosition> {
        @Override
        public StartPosition convert(String value) {
            try {
                return StartPosition.valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected earliest or latest, not '" + value + "'");
            }
        }
    }
}
