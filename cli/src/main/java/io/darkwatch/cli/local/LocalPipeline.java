package io.darkwatch.cli.local;

import io.darkwatch.alerting.config.AlertingSettings;
import io.darkwatch.alerting.config.StartPosition;
import io.darkwatch.alerting.deadletter.KafkaDeadLetters;
import io.darkwatch.alerting.state.EpisodeStateStore;
import io.darkwatch.alerting.topic.AlertingTopics;
import io.darkwatch.alerting.metrics.AlertMetrics;
import io.darkwatch.alerting.service.AlertingService;
import io.darkwatch.alerting.sink.AlertSink;
import io.darkwatch.alerting.sink.MeteredSink;
import io.darkwatch.broker.EmbeddedKafkaBroker;
import io.darkwatch.capture.decode.PacketDecoder;
import io.darkwatch.capture.geo.CachingGeoLookup;
import io.darkwatch.capture.geo.Enricher;
import io.darkwatch.capture.geo.MaxMindGeoLookup;
import io.darkwatch.capture.publish.PacketPublisher;
import io.darkwatch.capture.publish.PublisherSettings;
import io.darkwatch.capture.read.CaptureReader;
import io.darkwatch.capture.read.CaptureFiles;
import io.darkwatch.capture.replay.ReplayJob;
import io.darkwatch.capture.replay.ReplayStats;
import io.darkwatch.common.topic.TopicInitializer;
import io.darkwatch.common.topic.Topics;
import io.darkwatch.streams.app.StreamsApp;
import io.darkwatch.streams.enrich.AsOrganizations;
import io.darkwatch.streams.enrich.MaxMindAsOrganizations;
import io.darkwatch.streams.metrics.TrafficMetricsLimits;
import io.darkwatch.streams.query.QuerySettings;
import io.darkwatch.streams.settings.StreamsSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole of darkwatch in one process: an embedded Kafka broker, capture-producer replaying a
 * file as fast as it can, streams-app and alerting — the real components, talking through real
 * topics. {@code darkwatch demo} and {@code darkwatch analyze} are built on it, and the
 * integration tests check the pipeline through it.
 *
 * <p>A run ends only when everything has gone all the way through: after the replay, the producer
 * sends a last heartbeat a window plus grace past the last packet (so the last windows close), and
 * the runner waits until the streams app's consumer group and then the alerting service's group
 * have committed everything on their input topics.
 */
public final class LocalPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPipeline.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Detector settings that differ for replays of a capture from its start. A live deployment
     * has days of history in its state stores, so the streams app waits for a whole day
     * ({@code baseline.min-windows=288}) before it claims anything. A replayed capture starts
     * with none, and forensic captures are often only hours long: an hour of history (IODA's
     * warm-up) is the better default there. Users override it with {@code --set}.
     */
    public static final Map<String, String> REPLAY_DEFAULTS = Map.of("baseline.min-windows", "12");

    private final PipelineOptions options;
    private final MeterRegistry registry;

    public LocalPipeline(PipelineOptions options, MeterRegistry registry) {
        this.options = options;
        this.registry = registry;
    }

    /** The detector settings of a replay: {@link #REPLAY_DEFAULTS}, then the user's {@code --set} values. */
    public static io.darkwatch.streams.settings.DetectorSettings replaySettings(Map<String, String> userSettings) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(REPLAY_DEFAULTS);
        merged.putAll(userSettings);
        return io.darkwatch.streams.settings.DetectorSettings.parse(merged);
    }

    /**
     * Checks what can be checked before anything is started, so that bad input fails in
     * milliseconds with one line: the capture opens as a capture and the GeoIP databases open.
     */
    public static void checkInputs(PipelineOptions options) {
        try (CaptureReader reader = CaptureFiles.open(options.capture())) {
            LOG.debug("capture {} opens", options.capture());
        }
        try (MaxMindGeoLookup geo = MaxMindGeoLookup.open(options.countryDb(), options.asnDb())) {
            LOG.debug("geo database: {}", geo.description());
        }
    }

    public PipelineResult run() throws InterruptedException, IOException {
        return run(result -> { });
    }

    /**
     * Runs the pipeline and, once everything has gone all the way through, hands the result to
     * {@code whileRunning} before anything is stopped: broker, streams app and alerting are still up and
     * their meters still registered (a Prometheus scraping them sees the pipeline idle but alive, as a
     * deployed one between captures). The observability tests query Prometheus from there.
     */
    public PipelineResult run(Consumer<PipelineResult> whileRunning) throws InterruptedException, IOException {
        checkInputs(options);
        long started = System.nanoTime();
        String runId = UUID.randomUUID().toString().substring(0, 8);
        String applicationId = "darkwatch-local-" + runId;
        String alertingGroup = "darkwatch-local-alerting-" + runId;
        CollectingSink collected = new CollectingSink();
        List<AlertSink> sinks = new ArrayList<>(options.sinks());
        sinks.add(collected);

        CleanupStack cleanup = new CleanupStack();
        Thread hook = cleanup.closeOnShutdown();
        try {
            Path stateDir = cleanup.tempDir("darkwatch-streams-");
            EmbeddedKafkaBroker broker = cleanup.add(new EmbeddedKafkaBroker().start());
            MaxMindGeoLookup geo = cleanup.add(MaxMindGeoLookup.open(options.countryDb(), options.asnDb()));
            String bootstrap = broker.bootstrapServers();
            Admin admin = cleanup.add(Admin.create(Map.of("bootstrap.servers", bootstrap)));
            TopicInitializer.ensure(admin, Topics.ALL, options.partitions(), (short) 1, true);
            AlertingTopics.ensure(admin, options.partitions(), (short) 1);

            StreamsSettings streamsSettings = StreamsSettings.of(bootstrap, stateDir, options.detector())
                    .withApplicationId(applicationId)
                    .withReplicationFactor(1);
            // The capture's ASN database also names the victims' organisations in backscatter alerts.
            AsOrganizations owners = options.asnDb().isPresent()
                    ? cleanup.add(MaxMindAsOrganizations.open(options.asnDb().get())) : AsOrganizations.NONE;
            StreamsApp streams = cleanup.add(new StreamsApp(streamsSettings, registry, TrafficMetricsLimits.DEFAULT,
                    QuerySettings.off(), owners));
            AlertingService alerting = cleanup.add(alertingService(bootstrap, alertingGroup, sinks, registry));
            streams.start();
            if (!streams.awaitRunning(STARTUP_TIMEOUT)) {
                throw new IllegalStateException("the streams app did not reach RUNNING within "
                        + STARTUP_TIMEOUT.toSeconds() + " s (state " + streams.state() + ")");
            }
            alerting.start();

            ReplayStats stats;
            TrafficTally tally;
            try (PacketPublisher publisher = PacketPublisher.create(
                    PublisherSettings.of(bootstrap, options.sensorId()), registry)) {
                tally = new TrafficTally(publisher);
                Enricher enricher = new Enricher(new CachingGeoLookup(geo, 65_536));
                stats = ReplayJob.publishing(new PacketDecoder(options.sensorId()), enricher, tally, registry,
                        Clock.systemUTC()).run(options.capture(), options.progress());
                // One window plus grace past the last packet: every window of the capture closes.
                publisher.finish(options.detector().windowSizeMillis() + options.detector().windowGraceMillis());
            }

            ConsumerGroupDrain drain = new ConsumerGroupDrain(admin);
            boolean drained = drain.await(applicationId, Topics.PACKETS.name(), options.drainTimeout(),
                    () -> streams.failure().isEmpty() && streams.state().isRunningOrRebalancing())
                    && drain.await(alertingGroup, Topics.ANOMALIES.name(), options.drainTimeout(),
                            () -> alerting.failure().isEmpty());
            if (!drained) {
                throw new IllegalStateException("the pipeline did not finish processing within "
                        + options.drainTimeout().toSeconds() + " s after the replay (streams state "
                        + streams.state() + streams.failure().map(f -> " after " + f).orElse("")
                        + ", streams lag " + drain.lag(applicationId, Topics.PACKETS.name())
                        + alerting.failure().map(f -> ", alerting failed: " + f.getMessage()).orElse("") + ")");
            }
            CountryWindowTotals windows = CountryWindowTotals.read(bootstrap);
            PipelineResult result = new PipelineResult(stats, tally.topPorts(5), tally.topCountries(5),
                    tally.countries(), windows, collected.anomalies(), geo.description(), options.countryDb().isEmpty(),
                    geo.lookupErrors(), Duration.ofNanos(System.nanoTime() - started));
            whileRunning.accept(result);
            return result;
        } finally {
            cleanup.closeAndForget(hook);
        }
    }

    private static AlertingService alertingService(String bootstrap, String groupId, List<AlertSink> sinks,
            MeterRegistry registry) {
        // Console on: the settings need some sink; the sinks actually used are the ones given here.
        AlertingSettings settings = AlertingSettings.fromEnvironment(bootstrap, groupId, StartPosition.EARLIEST, null,
                null, true, name -> null);
        AlertMetrics metrics = new AlertMetrics(registry);
        List<AlertSink> metered = sinks.stream().<AlertSink>map(s -> new MeteredSink(s, metrics)).toList();
        // Events a sink gives up on go to the dead-letter topic as in a deployment (and are counted in
        // darkwatch.alerts.dead.lettered, which the pipeline's alert rules watch); episode state stays in memory.
        return new AlertingService(AlertingService.consumerConfig(settings), metered, metrics,
                new KafkaDeadLetters(AlertingService.producerConfig(settings, "dead-letter")),
                EpisodeStateStore.MEMORY_ONLY);
    }
}
