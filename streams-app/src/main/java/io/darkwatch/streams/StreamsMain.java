package io.darkwatch.streams;

import io.darkwatch.common.kafka.InvalidKafkaPropertiesException;
import io.darkwatch.common.kafka.KafkaClientProperties;
import io.darkwatch.streams.app.StreamsApp;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.settings.InvalidSettingsException;
import io.darkwatch.streams.settings.SettingsDocumentation;
import io.darkwatch.streams.settings.StreamsSettings;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.config.MeterFilter;
import io.darkwatch.ops.OpsServer;
import io.darkwatch.ops.Readiness;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.logging.LoggingMeterRegistry;
import io.micrometer.core.instrument.logging.LoggingRegistryConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The streams application as a process of its own:
 * {@code java -cp … io.darkwatch.streams.StreamsMain --bootstrap-servers kafka:9092 --state-dir /var/lib/darkwatch
 * --set window.size=5m}. Runs until SIGTERM/SIGINT; exit code 0 after a clean stop, 1 when the
 * streams client failed, 2 for bad settings.
 *
 * <p>darkwatch's counters are logged once a minute; Kafka's own metrics are bound too but only
 * logged by a registry that exports them (the CLI's Prometheus endpoint, for one).
 */
@Command(name = "darkwatch-streams", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Counts darknet packets per country and window and publishes anomalies (Kafka Streams).")
public final class StreamsMain implements Callable<Integer> {
    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_SETTINGS = 2;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--metrics-port", defaultValue = "${env:DARKWATCH_METRICS_PORT:-9402}", paramLabel = "PORT",
            description = "Serve /metrics (Prometheus), /health/live and /health/ready on this port; -1: off "
                    + "(default ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,…]",
            description = "Kafka bootstrap servers (needed unless --list-settings).")
    String bootstrapServers;

    @Option(names = "--state-dir", defaultValue = "darkwatch-state", paramLabel = "DIR",
            description = "Directory of the state stores (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--application-id", defaultValue = StreamsSettings.DEFAULT_APPLICATION_ID,
            description = "Kafka Streams application id (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--replication-factor", defaultValue = "-1",
            description = "Replication factor of internal topics; -1 = broker default, 1 for a single broker.")
    int replicationFactor;

    @Option(names = "--set", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "A detector setting, repeatable; see --list-settings.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka Streams or client property passed through, repeatable.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(names = KafkaClientProperties.CONFIG_FILE_OPTION, paramLabel = "FILE",
            description = "Kafka client properties file (TLS, SASL, ...; default: $"
                    + KafkaClientProperties.CONFIG_FILE_ENV + "); " + KafkaClientProperties.ENV_PREFIX
                    + "* variables override it, --kafka-property overrides both.")
    Path kafkaConfig;

    /** Where Kafka client properties come from besides the options: the process environment (a map in tests). */
    Map<String, String> environment = System.getenv();

    private KafkaClientProperties kafka = KafkaClientProperties.none();

    @Option(names = "--list-settings", description = "Print the detector settings as a table and exit.")
    boolean listSettings;

    /** The options as settings; every problem of the detector and the streams settings in one exception. */
    StreamsSettings settings() {
        List<String> problems = new ArrayList<>();
        try {
            kafka = KafkaClientProperties.load(kafkaConfig, environment);
        } catch (InvalidKafkaPropertiesException e) {
            problems.addAll(e.problems());
        }
        DetectorSettings detector = null;
        try {
            detector = DetectorSettings.parse(settings);
        } catch (InvalidSettingsException e) {
            problems.addAll(e.problems());
        }
        try {
            StreamsSettings s = new StreamsSettings(bootstrapServers, applicationId, stateDir, replicationFactor,
                    kafka.overriddenBy(kafkaProperties), detector == null ? DetectorSettings.defaults() : detector);
            if (problems.isEmpty()) {
                return s;
            }
        } catch (InvalidSettingsException e) {
            problems.addAll(e.problems());
        }
        throw new InvalidSettingsException(problems);
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            // Before the first logger exists: the bundled config keeps Kafka's INFO chatter out.
            System.setProperty("logback.configurationFile", "io/darkwatch/streams/logback-streams.xml");
        }
        System.exit(new CommandLine(new StreamsMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (listSettings) {
            out.print(SettingsDocumentation.markdownTable());
            out.flush();
            return 0;
        }
        StreamsSettings streamsSettings;
        try {
            streamsSettings = settings();
        } catch (InvalidSettingsException e) {
            err.println(e.getMessage());
            err.flush();
            return EXIT_BAD_SETTINGS;
        }
        if (!kafka.isEmpty()) {
            err.println(kafka.describe());
        }
        LoggingMeterRegistry registry = new LoggingMeterRegistry(new LoggingRegistryConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public Duration step() {
                return Duration.ofMinutes(1);
            }
        }, Clock.SYSTEM);
        registry.config().meterFilter(MeterFilter.denyUnless(id -> id.getName().startsWith("darkwatch.")));
        // Prometheus gets everything (darkwatch's meters and Kafka's own); the log only darkwatch's, once a minute.
        CompositeMeterRegistry meters = new CompositeMeterRegistry();
        meters.add(registry);
        OpsServer ops = metricsPort < 0 ? null : new OpsServer("0.0.0.0", metricsPort);
        if (ops != null) {
            meters.add(ops.registry());
            err.println("metrics on http://<host>:" + ops.port() + "/metrics, probes on /health/live and /health/ready");
            err.flush();
        }
        try (StreamsApp app = new StreamsApp(streamsSettings, meters)) {
            if (ops != null) {
                ops.readiness("streams", () -> app.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING
                        ? Readiness.ready("RUNNING") : Readiness.notReady(String.valueOf(app.state())));
            }
            Thread hook = new Thread(app::close, "darkwatch-streams-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            app.start();
            while (!app.awaitStopped(Duration.ofMinutes(1))) {
                // keep the main thread until the client stops: on a signal (the hook closes it) or on failure
            }
            return app.failure().isPresent() ? EXIT_FAILED : 0;
        } finally {
            registry.close();
            if (ops != null) {
                ops.close();
            }
        }
    }
}
