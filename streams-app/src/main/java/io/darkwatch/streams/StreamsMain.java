package io.darkwatch.streams;

import io.darkwatch.common.time.Durations;
import io.darkwatch.common.kafka.InvalidKafkaPropertiesException;
import io.darkwatch.common.kafka.KafkaClientProperties;
import io.darkwatch.streams.app.StreamsApp;
import io.darkwatch.streams.metrics.TrafficMetricsLimits;
import io.darkwatch.streams.enrich.AsOrganizations;
import io.darkwatch.streams.enrich.MaxMindAsOrganizations;
import io.darkwatch.streams.query.QuerySettings;
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
import java.net.InetAddress;
import java.net.UnknownHostException;
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

    @Option(names = "--query-port", defaultValue = "${env:DARKWATCH_QUERY_PORT:-9412}", paramLabel = "PORT",
            description = "Serve the query API (/api/v1/…, JSON) on this port; 0: a free port, -1: off "
                    + "(default ${DEFAULT-VALUE}).")
    int queryPort;

    @Option(names = "--query-host", defaultValue = "${env:DARKWATCH_QUERY_HOST}", paramLabel = "HOST",
            description = "Host name or address the other instances reach this one's query port at (Kafka "
                    + "Streams' application.server); default: this machine's host name.")
    String queryHost;

    @Option(names = "--query-retention", defaultValue = "${env:DARKWATCH_QUERY_RETENTION:-3d}",
            paramLabel = "DURATION", description = "How long closed windows stay queryable, e.g. 3d, 36h "
                    + "(default ${DEFAULT-VALUE}); top-N queries also read the period before the one asked for.")
    String queryRetention;

    @Option(names = "--asn-db", defaultValue = "${env:DARKWATCH_ASN_DB}", paramLabel = "FILE",
            description = "GeoLite2/GeoIP2 ASN database (.mmdb): backscatter alerts then name each victim's AS "
                    + "and organisation (optional).")
    Path asnDb;

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

    @Option(names = "--metrics-max-countries", defaultValue = "" + TrafficMetricsLimits.DEFAULT_MAX_COUNTRIES,
            paramLabel = "N", description = "Countries with a country label of their own in the traffic metrics; "
                    + "the rest are counted as country=\"other\" (default ${DEFAULT-VALUE}).")
    int metricsMaxCountries;

    @Option(names = "--metrics-max-ports", defaultValue = "" + TrafficMetricsLimits.DEFAULT_MAX_PORTS,
            paramLabel = "N", description = "Destination ports (those with the most packets) with a port label of "
                    + "their own; the rest are counted as port=\"other\" (default ${DEFAULT-VALUE}).")
    int metricsMaxPorts;

    @Option(names = "--metrics-max-sensors", defaultValue = "" + TrafficMetricsLimits.DEFAULT_MAX_SENSORS,
            paramLabel = "N", description = "Sensor ids with a sensor label of their own; the rest are counted as "
                    + "sensor=\"other\" (default ${DEFAULT-VALUE}).")
    int metricsMaxSensors;

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
        return settings(new ArrayList<>());
    }

    /** The query options as settings; problems in one exception, after those of {@link #settings()}. */
    QuerySettings querySettings() {
        List<String> problems = new ArrayList<>();
        StreamsSettings streams = null;
        try {
            streams = settings();
        } catch (InvalidSettingsException e) {
            problems.addAll(e.problems());
        }
        Duration retention = null;
        try {
            retention = Durations.parse(queryRetention);
        } catch (IllegalArgumentException e) {
            problems.add("query retention: " + e.getMessage());
        }
        String host = queryHost != null && !queryHost.isBlank() ? queryHost.trim() : localHostName();
        QuerySettings query = null;
        try {
            query = new QuerySettings(queryPort, host, retention == null ? QuerySettings.DEFAULT_RETENTION : retention);
        } catch (InvalidSettingsException e) {
            problems.addAll(e.problems());
        }
        if (streams != null && retention != null
                && retention.compareTo(streams.detector().windowSize().multipliedBy(2)) < 0) {
            problems.add("query retention " + queryRetention + " must be at least two windows ("
                    + streams.detector().windowSize().multipliedBy(2) + ")");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        return query;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private StreamsSettings settings(List<String> problems) {
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
        problems.addAll(TrafficMetricsLimits.problems(metricsMaxCountries, metricsMaxPorts, metricsMaxSensors));
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
        QuerySettings querySettings;
        try {
            querySettings = querySettings();
            streamsSettings = settings();
        } catch (InvalidSettingsException e) {
            err.println(e.getMessage());
            err.flush();
            return EXIT_BAD_SETTINGS;
        }
        MaxMindAsOrganizations owners = null;
        if (asnDb != null) {
            try {
                owners = MaxMindAsOrganizations.open(asnDb);
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                err.flush();
                return EXIT_BAD_SETTINGS;
            }
            err.println("victims' AS organisations from " + asnDb);
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
        // Per-country, per-port and per-sensor series are for dashboards: hundreds of log lines a minute help no one.
        registry.config().meterFilter(MeterFilter.deny(id -> id.getTag("country") != null || id.getTag("port") != null
                || id.getTag("sensor") != null));
        // Prometheus gets everything (darkwatch's meters and Kafka's own); the log only darkwatch's, once a minute.
        CompositeMeterRegistry meters = new CompositeMeterRegistry();
        meters.add(registry);
        OpsServer ops = metricsPort < 0 ? null : new OpsServer("0.0.0.0", metricsPort);
        if (ops != null) {
            meters.add(ops.registry());
            err.println("metrics on http://<host>:" + ops.port() + "/metrics, probes on /health/live and /health/ready");
            err.flush();
        }
        try (StreamsApp app = new StreamsApp(streamsSettings, meters,
                new TrafficMetricsLimits(metricsMaxCountries, metricsMaxPorts, metricsMaxSensors), querySettings,
                owners == null ? AsOrganizations.NONE : owners)) {
            app.queryPort().ifPresent(port -> {
                err.println("query API on http://" + querySettings.advertisedHost() + ":" + port + "/api/v1/");
                err.flush();
            });
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
            if (owners != null) {
                owners.close();
            }
            registry.close();
            if (ops != null) {
                ops.close();
            }
        }
    }
}
