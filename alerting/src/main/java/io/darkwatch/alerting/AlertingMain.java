package io.darkwatch.alerting;

import io.darkwatch.alerting.config.AlertingSettings;
import io.darkwatch.alerting.config.DurationText;
import io.darkwatch.alerting.config.InvalidSettingsException;
import io.darkwatch.alerting.config.StartPosition;
import io.darkwatch.alerting.grouping.GroupingSettings;
import io.darkwatch.alerting.render.GrafanaDashboard;
import io.darkwatch.alerting.routing.Routes;
import io.darkwatch.alerting.routing.RoutesFile;
import io.darkwatch.alerting.service.AlertingService;
import io.darkwatch.alerting.slack.SlackDeliverySettings;
import io.darkwatch.alerting.topic.AlertingTopics;
import io.darkwatch.common.kafka.KafkaClientProperties;
import io.darkwatch.ops.OpsServer;
import io.darkwatch.ops.Readiness;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The alerting process: reads anomaly events and sends them to the console, a file and Slack until
 * it is stopped (SIGTERM / Ctrl-C), then finishes the current batch and commits.
 *
 * <p>At start it creates its own topics when they are missing ({@link AlertingTopics#ensure}): the
 * dead-letter topic and the compacted state topic. Without the right to create topics it stops
 * with a message naming the topics and configs an administrator must create.
 *
 * <p>The Slack webhook URL is a secret and is therefore taken only from the environment
 * ({@code SLACK_WEBHOOK_URL}, or {@code SLACK_WEBHOOK_URL_FILE} naming a file such as a mounted
 * Kubernetes secret), never from a command-line flag, which other users of the host can see.
 *
 * <p>Usable as a picocli subcommand: {@code new CommandLine(parent).addSubcommand(new AlertingMain())}.
 */
@Command(name = "alert",
        description = "Send darkwatch anomaly events to the console, a JSON-lines file and Slack.",
        subcommands = ReplayDeadLettersCommand.class,
        footer = {"", "Environment:",
            "  SLACK_WEBHOOK_URL       Slack incoming-webhook URL (secret)",
            "  SLACK_WEBHOOK_URL_FILE  file holding that URL (e.g. a Kubernetes secret)",
            "  DARKWATCH_BOOTSTRAP_SERVERS  default for --bootstrap-servers",
            "  DARKWATCH_GRAFANA_URL   default for --grafana-url",
            "  DARKWATCH_ROUTES_FILE   default for --routes",
            "  DARKWATCH_KAFKA_CONFIG_FILE  default for --kafka-config",
            "  DARKWATCH_KAFKA_*       any Kafka client property: DARKWATCH_KAFKA_SECURITY_PROTOCOL=SASL_SSL",
            "                          is security.protocol=SASL_SSL (over the file's value)",
            "",
            "Topics: creates darkwatch.alerts.dead-letter, darkwatch.alerting.state (compacted) and",
            "darkwatch.alerting.silences (compacted; see 'darkwatch silence') when missing.",
            "",
            "Grouping (on by default, like Alertmanager): alerts that arrive within --group-wait go out as one",
            "message; later ones at most every --group-interval; open episodes are repeated every",
            "--repeat-interval. Routes (--routes FILE): see the alerting README for the YAML format.",
            "",
            "Stopping: on SIGTERM or Ctrl-C it finishes the events it is sending (including Slack retries),",
            "commits their offsets and exits. Allow it that long (Kubernetes terminationGracePeriodSeconds:",
            "about --slack-max-attempts x --slack-timeout, plus up to a minute when Slack rate-limits).",
            "Waiting groups are sent before it exits. An event it cannot deliver goes once to",
            "darkwatch.alerts.dead-letter ('replay-dead-letters' sends those again later); alerts already sent are",
            "remembered in darkwatch.alerting.state, so a restart does not send them again."})
public final class AlertingMain implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = "--metrics-port", defaultValue = "${env:DARKWATCH_METRICS_PORT:-9403}", paramLabel = "PORT",
            description = "Serve /metrics (Prometheus), /health/live and /health/ready on this port; -1: off "
                    + "(default ${DEFAULT-VALUE}).")
    int metricsPort;

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

    @Option(names = "--grafana-url", defaultValue = "${env:DARKWATCH_GRAFANA_URL}",
            description = "Grafana root URL; Slack messages then link to the dashboard '"
                    + GrafanaDashboard.DEFAULT_UID + "' for the country and time (default: none)")
    String grafanaUrl;

    @Option(names = "--routes", defaultValue = "${env:DARKWATCH_ROUTES_FILE}",
            description = "YAML file of routes sending events to different Slack webhooks by type, country and "
                    + "severity; first match wins, the last route takes the rest. Webhook URLs come from the "
                    + "environment variable (webhook_env) or file (webhook_file) each route names (default: none: "
                    + "every event goes to SLACK_WEBHOOK_URL)")
    Path routesFile;

    @Option(names = "--grouping", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Group alerts that come close together into one message, like Alertmanager "
                    + "(default: on; --no-grouping sends each event as it comes)")
    boolean grouping;

    @Option(names = "--group-wait", defaultValue = "30s",
            description = "How long a new group waits for more alerts before its first message (default: ${DEFAULT-VALUE})")
    String groupWait;

    @Option(names = "--group-interval", defaultValue = "5m",
            description = "How long a group waits after a message before sending newer alerts (default: ${DEFAULT-VALUE})")
    String groupInterval;

    @Option(names = "--repeat-interval", defaultValue = "4h",
            description = "How often open episodes are sent again as a reminder (default: ${DEFAULT-VALUE})")
    String repeatInterval;

    @Option(names = "--slack-max-per-hour", defaultValue = "" + AlertingSettings.DEFAULT_SLACK_MESSAGES_PER_HOUR,
            description = "Slack messages per route (or webhook) in any hour at most; beyond that alerts are "
                    + "suppressed and summed up in one message when the hour has room (0: no limit; "
                    + "default: ${DEFAULT-VALUE})")
    int slackMaxPerHour;

    @Option(names = "--topic-partitions", defaultValue = "1",
            description = "Partitions of the dead-letter and state topics when they are created "
                    + "(default: ${DEFAULT-VALUE})")
    int topicPartitions;

    @Option(names = "--topic-replication", defaultValue = "-1",
            description = "Replicas of the dead-letter and state topics when they are created "
                    + "(default: the broker's default.replication.factor)")
    short topicReplication;

    @Option(names = KafkaClientProperties.CONFIG_FILE_OPTION, paramLabel = "FILE",
            description = "Kafka client properties file (TLS, SASL, ...; default: $"
                    + KafkaClientProperties.CONFIG_FILE_ENV + "); " + KafkaClientProperties.ENV_PREFIX
                    + "* variables override it")
    Path kafkaConfig;

    private KafkaClientProperties kafka = KafkaClientProperties.none();

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
        List<String> problems = new ArrayList<>();
        try {
            // The whole process environment: the prefix is scanned, which a lookup function cannot do.
            kafka = KafkaClientProperties.load(kafkaConfig, System.getenv());
        } catch (io.darkwatch.common.kafka.InvalidKafkaPropertiesException e) {
            problems.addAll(e.problems());
        }
        try {
            settings = settings();
        } catch (InvalidSettingsException e) {
            problems.addAll(0, e.problems());
            settings = null;
        }
        if (!problems.isEmpty()) {
            System.err.println(new InvalidSettingsException(problems).getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        if (!kafka.isEmpty()) {
            System.err.println(kafka.describe());
        }
        OpsServer ops = metricsPort < 0 ? null : new OpsServer("0.0.0.0", metricsPort);
        MeterRegistry meters = registry;
        if (ops != null) {
            CompositeMeterRegistry both = new CompositeMeterRegistry();
            both.add(registry);
            both.add(ops.registry());
            meters = both;
            System.err.println("metrics on http://<host>:" + ops.port() + "/metrics, probes on /health/live and "
                    + "/health/ready");
        }
        try {
            return run(settings, meters, ops);
        } finally {
            if (ops != null) {
                ops.close();
            }
        }
    }

    private int run(AlertingSettings settings, MeterRegistry meters, OpsServer ops) throws InterruptedException {
        AlertingService service;
        try {
            ensureTopics(settings.bootstrapServers());
            service = AlertingService.create(settings, kafka, meters);
        } catch (UncheckedIOException | KafkaException | IllegalStateException e) {
            // An output file that cannot be opened, bootstrap servers that do not resolve, no right to
            // create topics: say so plainly.
            Throwable cause = e.getCause();
            System.err.println("cannot start alerting: " + e.getMessage()
                    + (cause != null && e instanceof KafkaException ? " (" + cause.getMessage() + ")" : ""));
            return CommandLine.ExitCode.SOFTWARE;
        }
        Thread hook = shutdownHook(service);
        Runtime.getRuntime().addShutdownHook(hook);
        service.start();
        if (ops != null) {
            ops.readiness("alerting", () -> service.failure()
                    .map(f -> Readiness.notReady("poll loop stopped: " + f.getClass().getSimpleName()))
                    .orElse(Readiness.ready("consuming " + io.darkwatch.common.topic.Topics.ANOMALIES.name())));
        }
        while (!service.awaitTermination(Duration.ofSeconds(1))) {
            // Waiting for SIGTERM; the shutdown hook closes the service.
        }
        service.close();
        try {
            // Stopped on its own (a failure): the hook is not needed, and a host JVM (the CLI) should not keep it.
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running or has run.
        }
        return service.failure().isPresent() ? CommandLine.ExitCode.SOFTWARE : CommandLine.ExitCode.OK;
    }

    /**
     * What SIGTERM and Ctrl-C run: {@link AlertingService#close()}, which lets the batch in hand
     * finish, commits its offsets and closes everything. The JVM waits for the hook to end.
     */
    static Thread shutdownHook(AlertingService service) {
        return new Thread(service::close, "darkwatch-alerting-shutdown");
    }

    private void ensureTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(kafka.onTopOf(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers, AdminClientConfig.CLIENT_ID_CONFIG, "darkwatch-alerting-admin"),
                AdminClientConfig.configNames()))) {
            AlertingTopics.ensure(admin, topicPartitions, topicReplication);
        }
    }

    /** The settings these options and the environment describe; every problem reported at once. */
    AlertingSettings settings() {
        SlackDeliverySettings defaults = SlackDeliverySettings.defaults();
        Duration timeout = Duration.ofSeconds(slackTimeoutSeconds);
        List<String> problems = new ArrayList<>(SlackDeliverySettings.problems(timeout, slackMaxAttempts,
                defaults.initialBackoff(), defaults.maxBackoff(), defaults.maxRetryAfter(),
                defaults.messagesPerSecond(), defaults.burst()));
        Optional<GrafanaDashboard> grafana = Optional.empty();
        if (grafanaUrl != null && !grafanaUrl.isBlank()) {
            try {
                grafana = Optional.of(GrafanaDashboard.parse(grafanaUrl));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        Optional<GroupingSettings> groupingSettings = Optional.empty();
        if (grouping) {
            Duration wait = duration("--group-wait", groupWait, problems);
            Duration interval = duration("--group-interval", groupInterval, problems);
            Duration repeat = duration("--repeat-interval", repeatInterval, problems);
            if (wait != null && interval != null && repeat != null) {
                List<String> groupingProblems = GroupingSettings.problems(wait, interval, repeat);
                problems.addAll(groupingProblems);
                if (groupingProblems.isEmpty()) {
                    groupingSettings = Optional.of(new GroupingSettings(wait, interval, repeat));
                }
            }
        }
        Optional<Routes> routes = Optional.empty();
        if (routesFile != null) {
            try {
                routes = Optional.of(RoutesFile.load(routesFile, env));
            } catch (InvalidSettingsException e) {
                problems.addAll(e.problems());
            }
        }
        if (slackMaxPerHour < 0) {
            problems.add("--slack-max-per-hour must be 0 (no limit) or more, not " + slackMaxPerHour);
        }
        if (topicPartitions < 1) {
            problems.add("--topic-partitions must be at least 1, not " + topicPartitions);
        }
        if (topicReplication < 1 && topicReplication != AlertingTopics.BROKER_DEFAULT_REPLICATION) {
            problems.add("--topic-replication must be at least 1 (or -1 for the broker's default), not "
                    + topicReplication);
        }
        SlackDeliverySettings slack = problems.isEmpty()
                ? defaults.withRequestTimeout(timeout).withMaxAttempts(slackMaxAttempts) : defaults;
        try {
            AlertingSettings settings = AlertingSettings.fromEnvironment(bootstrapServers, groupId, startFrom, slack,
                    outputFile, console, env);
            if (problems.isEmpty()) {
                return settings.withGrafana(grafana).withGrouping(groupingSettings).withRoutes(routes)
                        .withSlackMessagesPerHour(slackMaxPerHour);
            }
        } catch (InvalidSettingsException e) {
            // With routes, no catch-all webhook, file or console is fine: the routes name their own webhooks.
            boolean routed = routes.isPresent();
            List<String> rest = e.problems().stream()
                    .filter(p -> !routed || !p.startsWith(AlertingSettings.NO_SINK)).toList();
            if (rest.isEmpty() && problems.isEmpty()) {
                return new AlertingSettings(bootstrapServers, groupId, startFrom, Optional.empty(), slack,
                        Optional.ofNullable(outputFile), console, grafana, groupingSettings, routes, slackMaxPerHour);
            }
            problems.addAll(rest);
        }
        throw new InvalidSettingsException(problems);
    }

    private static Duration duration(String option, String text, List<String> problems) {
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(option + ": " + e.getMessage());
            return null;
        }
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
