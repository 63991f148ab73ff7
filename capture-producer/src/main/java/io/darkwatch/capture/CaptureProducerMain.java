package io.darkwatch.capture;

import io.darkwatch.capture.decode.PacketDecoder;
import io.darkwatch.capture.geo.CachingGeoLookup;
import io.darkwatch.capture.geo.Enricher;
import io.darkwatch.capture.geo.GeoDatabaseException;
import io.darkwatch.capture.geo.MaxMindGeoLookup;
import io.darkwatch.capture.geo.ReloadingGeoLookup;
import io.darkwatch.capture.listing.PacketLineFormat;
import io.darkwatch.capture.live.LiveCapture;
import io.darkwatch.capture.live.LiveCaptureException;
import io.darkwatch.capture.live.LiveCaptureResult;
import io.darkwatch.capture.live.LiveCaptureSettings;
import io.darkwatch.capture.listing.PacketListing;
import io.darkwatch.capture.publish.BackpressurePolicy;
import io.darkwatch.capture.publish.PacketPublisher;
import io.darkwatch.capture.publish.PublishException;
import io.darkwatch.capture.publish.PublisherSettings;
import io.darkwatch.capture.read.CaptureFileException;
import io.darkwatch.capture.read.CaptureFiles;
import io.darkwatch.capture.read.CaptureReader;
import io.darkwatch.capture.replay.ProgressListener;
import io.darkwatch.capture.replay.ReplayJob;
import io.darkwatch.capture.replay.ReplayInputs;
import io.darkwatch.capture.replay.ReplayProgress;
import io.darkwatch.capture.replay.ReplaySpeed;
import io.darkwatch.capture.replay.Sleeper;
import io.darkwatch.capture.replay.ReplayStats;
import io.darkwatch.geodata.DefaultGeoDatabase;
import io.darkwatch.common.time.Durations;
import io.darkwatch.ops.OpsServer;
import io.darkwatch.ops.Readiness;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The capture producer as a program: {@code replay <file|dir|glob> --bootstrap-servers X [--speed
 * max|realtime|Nx]} publishes captures' packets to Kafka; {@code capture --interface IF
 * --bootstrap-servers X} publishes live traffic until SIGTERM; {@code decode <file>} prints one line
 * per packet (or, with {@code --summary}, only counts what the capture holds).
 * Exit codes: 0 done, 1 failed (Kafka, or the live capture broke off), 2 bad input (usage, capture
 * file, GeoIP database, interface missing or not permitted, BPF filter; message on stderr). A
 * capture stopped by SIGTERM exits as the JVM does on that signal (143), after draining and flushing.
 */
@Command(name = "capture-producer", mixinStandardHelpOptions = true,
        description = "Reads pcap/pcapng captures, decodes packet summaries and publishes them to Kafka.",
        subcommands = {CaptureProducerMain.Replay.class, CaptureProducerMain.Capture.class,
            CaptureProducerMain.Decode.class})
public final class CaptureProducerMain implements Runnable {
    /**
     * Slots of each table of the per-network GeoIP cache ({@link CachingGeoLookup}: IPv4 /17../20,
     * /21../32 and IPv6; IPv4 networks of /16 and wider have a table of 65,536): sources of a network
     * seen before are not looked up again. Also the benchmarks'.
     */
    public static final int GEO_CACHE_SLOTS = 1 << 16;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        return new CommandLine(new CaptureProducerMain())
                .registerConverter(Duration.class, CaptureProducerMain::parseDuration)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "give a command: replay, capture or decode");
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Publishes every packet of one capture file, a directory of captures or a glob of "
                    + "rotated captures to Kafka, as fast as they can be read or paced by event time.",
                "Several files are replayed in the order of their first packet's timestamp (not by name: "
                    + "tcpdump -C names sort 1, 10, 2), as one replay with one summary."})
    public static final class Replay implements Callable<Integer> {
        @CommandLine.Mixin
        private PublishingOptions publishing;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE|DIR|GLOB",
                description = "pcap or pcapng file (may be gzip-compressed), a directory (every non-hidden file in "
                        + "it), or a glob in the file name part, quoted, e.g. '/data/sensor1/*.pcap.gz'")
        private String input;

        @Option(names = "--speed", defaultValue = "max", paramLabel = "max|realtime|Nx",
                converter = SpeedConverter.class,
                description = "max: as fast as possible; realtime: packets as far apart as they were captured; "
                        + "Nx (e.g. 10x, 0.5x): N times faster than real time (default: ${DEFAULT-VALUE})")
        private ReplaySpeed speed;

        @Option(names = "--final-advance", defaultValue = "330s", paramLabel = "DURATION",
                description = "the final heartbeat is this far past the last packet: the streams app's window size "
                        + "+ grace, so the capture's last windows close (default: ${DEFAULT-VALUE}, the default "
                        + "5m window + 30s grace; 0s for a replay that more data will follow)")
        private Duration finalAdvance;

        @Option(names = "--metrics-port", defaultValue = "${env:DARKWATCH_METRICS_PORT:--1}", paramLabel = "PORT",
                description = "Serve /metrics (Prometheus), /health/live and /health/ready on this port while "
                        + "replaying; -1: off (default ${DEFAULT-VALUE})")
        private int metricsPort;

        /** How long a SIGTERM waits for the replay to stop and everything read to be published. */
        private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                PublisherSettings settings = publishing.publisherSettings(BackpressurePolicy.BLOCK);
                if (finalAdvance.isNegative()) {
                    throw new IllegalArgumentException("--final-advance must not be negative");
                }
                // Open the inputs first, so a bad file or database fails before Kafka is contacted.
                List<Path> files = ReplayInputs.resolve(input);
                if (files.size() > 1) {
                    err.println("replaying " + files.size() + " files in time order, from " + files.get(0).getFileName()
                            + " to " + files.get(files.size() - 1).getFileName());
                }
                try (OpsServer ops = metricsPort < 0 ? null : new OpsServer("0.0.0.0", metricsPort)) {
                    MeterRegistry registry = sensorTagged(ops == null ? new SimpleMeterRegistry() : ops.registry(),
                            publishing.sensorId());
                    try (ReloadingGeoLookup geo = publishing.openGeo(registry)) {
                        if (ops != null) {
                            err.println("metrics on http://<host>:" + ops.port() + "/metrics");
                        }
                        err.println("GeoIP: " + geo.description());
                        publishing.kafkaDescription().ifPresent(err::println);
                        if (publishing.geoip() == null) {
                            err.println(DefaultGeoDatabase.ATTRIBUTION);
                        }
                        return replay(files, geo, settings, registry, ops, out, err);
                    }
                }
            } catch (CaptureFileException | GeoDatabaseException | IllegalArgumentException e) {
                // The user's input: the same exit code as `darkwatch analyze` gives for it.
                err.println("error: " + e.getMessage());
                return 2;
            } catch (PublishException e) {
                err.println("error: " + e.getMessage());
                return 1;
            }
        }

        /**
         * Replays and publishes. A JVM shutdown (SIGTERM, SIGINT) stops the replay after the frame it is
         * on; its hook waits (up to {@link #SHUTDOWN_GRACE}) until every packet read has been published
         * and the counts printed: the JVM would otherwise halt as soon as the hooks return.
         */
        private int replay(List<Path> files, ReloadingGeoLookup geo, PublisherSettings settings, MeterRegistry registry,
                OpsServer ops, PrintWriter out, PrintWriter err) {
            AtomicReference<ReplayJob> running = new AtomicReference<>();
            Runnable stop = () -> {
                ReplayJob job = running.get();
                if (job != null) {
                    job.stop();
                }
            };
            try (GracefulShutdown shutdown = GracefulShutdown.install("replay", stop, SHUTDOWN_GRACE);
                    PacketPublisher publisher = PacketPublisher.create(settings, registry)) {
                readiness(ops, publisher);
                ReplayJob job = ReplayJob.publishing(new PacketDecoder(publishing.sensorId()), new Enricher(geo),
                        publisher, registry, Clock.systemUTC()).paced(speed, Sleeper.SYSTEM);
                running.set(job);
                ReplayStats stats = job.run(files, progressPrinter(err));
                // Stopped early: no advance past the last packet, a later replay may continue the capture.
                publisher.finish(job.stopRequested() ? 0 : finalAdvance.toMillis());
                printStats(out, stats);
                if (geo.lookupErrors() > 0) {
                    err.println("warning: " + geo.lookupErrors() + " GeoIP lookups failed (reported as ZZ)");
                }
                err.flush();
                return 0;
            }
        }
    }

    @Command(name = "capture", mixinStandardHelpOptions = true,
            description = {"Captures live from a network interface (libpcap) and publishes every packet to Kafka "
                    + "until stopped (SIGTERM or Ctrl-C: the queue is drained and the producer flushed first).",
                "",
                "Privileges: capturing needs CAP_NET_RAW only (not root; --promiscuous and --buffer-size need "
                    + "nothing more). Run as an ordinary user that holds it, e.g. systemd User=darkwatch with "
                    + "AmbientCapabilities=CAP_NET_RAW, or:",
                "  sudo setpriv --reuid darkwatch --regid darkwatch --clear-groups --inh-caps +net_raw "
                    + "--ambient-caps +net_raw java …",
                "or mark the Java binary (then add the JDK's lib directory to /etc/ld.so.conf.d and run ldconfig: "
                    + "a marked java ignores its own library path; a JDK update drops the mark):",
                "  sudo setcap cap_net_raw=eip $(readlink -f $(which java))",
                "In a container, add the capability and use the host's network to see its interfaces:",
                "  docker run --cap-add=NET_RAW --network host …",
                "  Kubernetes: hostNetwork: true and securityContext.capabilities.add: [NET_RAW]",
                "",
                "Threads: one captures and only copies frames into a bounded queue (--queue-size); when it is "
                    + "full, frames are dropped and counted; another decodes and gathers packets into blocks; a third "
                    + "sends the blocks to Kafka. When Kafka falls behind, up to --backlog-packets wait, then blocks "
                    + "are dropped and counted (--on-backlog-full drop, the default here). Metrics:",
                "  darkwatch.capture.dropped{cause=queue_full|publish_backlog}",
                "  darkwatch.capture.pcap.received, darkwatch.capture.pcap.dropped{cause=kernel|interface}",
                "  darkwatch.capture.queue.size"})
    public static final class Capture implements Callable<Integer> {
        @CommandLine.Mixin
        private PublishingOptions publishing;

        /** How long a SIGTERM waits for the queue to drain and the producer to flush. */
        private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--interface", required = true, paramLabel = "IF", description = "interface to capture on, e.g. eth0")
        private String interfaceName;

        @Option(names = "--filter", paramLabel = "BPF", defaultValue = "",
                description = "BPF filter expression (pcap-filter(7)), e.g. 'not port 22'")
        private String filter;

        @Option(names = "--snaplen", paramLabel = "N", defaultValue = "262144",
                description = "bytes kept per frame (default: ${DEFAULT-VALUE})")
        private int snaplen;

        @Option(names = "--buffer-size", paramLabel = "B", defaultValue = "32m", converter = ByteSizeConverter.class,
                description = "kernel capture buffer, bytes or with k/m/g (default: ${DEFAULT-VALUE})")
        private int bufferSize;

        @Option(names = "--promiscuous", description = "put the interface into promiscuous mode")
        private boolean promiscuous;

        @Option(names = "--queue-size", paramLabel = "N", defaultValue = "65536",
                description = "frames the capture thread may queue for the publisher before dropping "
                        + "(default: ${DEFAULT-VALUE})")
        private int queueSize;

        @Option(names = "--metrics-port", defaultValue = "${env:DARKWATCH_METRICS_PORT:-9401}", paramLabel = "PORT",
                description = "Serve /metrics (Prometheus), /health/live and /health/ready on this port; -1: off "
                        + "(default ${DEFAULT-VALUE})")
        private int metricsPort;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                PublisherSettings publisherSettings = publishing.publisherSettings(BackpressurePolicy.DROP);
                LiveCaptureSettings captureSettings = new LiveCaptureSettings(interfaceName, filter, snaplen,
                        bufferSize, promiscuous, queueSize, LiveCaptureSettings.DEFAULT_READ_TIMEOUT);
                // Open the interface and database first: a missing privilege fails before Kafka is contacted.
                try (OpsServer ops = metricsPort < 0 ? null : new OpsServer("0.0.0.0", metricsPort)) {
                    MeterRegistry registry = sensorTagged(ops == null ? new SimpleMeterRegistry() : ops.registry(),
                            publishing.sensorId());
                    try (ReloadingGeoLookup geo = publishing.openGeo(registry)) {
                        if (ops != null) {
                            err.println("metrics on http://<host>:" + ops.port() + "/metrics, probes on /health/live and "
                                    + "/health/ready");
                        }
                        try (LiveCapture capture = LiveCapture.open(captureSettings, registry, Clock.systemUTC())) {
                            return captureUntilStopped(capture, geo, publisherSettings, registry, ops, out, err);
                        }
                    }
                }
            } catch (GeoDatabaseException | IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                return 2;
            } catch (LiveCaptureException e) {
                err.println("error: " + e.getMessage());
                return e.kind() == LiveCaptureException.Kind.CAPTURE_FAILED ? 1 : 2;
            } catch (PublishException e) {
                err.println("error: " + e.getMessage());
                return 1;
            }
        }

        /**
         * Publishes until the capture stops. A JVM shutdown (SIGTERM, SIGINT) stops the capture, and
         * its hook waits (up to {@link #SHUTDOWN_GRACE}) until the queue is drained, the final
         * heartbeat sent, the producer flushed and closed and the counts printed: the JVM would
         * otherwise halt as soon as the hooks return.
         */
        private int captureUntilStopped(LiveCapture capture, ReloadingGeoLookup geo, PublisherSettings publisherSettings,
                MeterRegistry registry, OpsServer ops, PrintWriter out, PrintWriter err) {
            try (GracefulShutdown shutdown = GracefulShutdown.install("capture", capture::stop, SHUTDOWN_GRACE)) {
                LiveCaptureResult result;
                long droppedBacklog;
                try (PacketPublisher publisher = PacketPublisher.create(publisherSettings, registry)) {
                    readiness(ops, publisher);
                    ReplayJob job = ReplayJob.publishing(new PacketDecoder(publishing.sensorId()), new Enricher(geo),
                            publisher, registry, Clock.systemUTC());
                    err.println("capturing on " + interfaceName + (filter.isBlank() ? "" : " (filter: " + filter + ")")
                            + "; GeoIP: " + geo.description());
                    publishing.kafkaDescription().ifPresent(err::println);
                    err.flush();
                    result = capture.run(job, progressPrinter(err));
                    // Live time goes on after the capture: no extra advance, the next capture continues it.
                    publisher.finish(0);
                    droppedBacklog = publisher.dropped();
                }
                printStats(out, result.stats());
                out.printf(Locale.ROOT, "dropped (queue full): %d%n", result.droppedQueueFull());
                out.printf(Locale.ROOT, "dropped (publish backlog): %d%n", droppedBacklog);
                out.printf(Locale.ROOT, "libpcap: received %d, dropped by kernel %d, by interface %d%n",
                        result.pcap().received(), result.pcap().droppedByKernel(), result.pcap().droppedByInterface());
                out.flush();
                if (result.failure().isPresent()) {
                    err.println("error: " + result.failure().get());
                    err.flush();
                    return 1;
                }
                return 0;
            }
        }
    }

    /** Ready while packets flow to Kafka without failed sends; the detail gives the counts. */
    private static void readiness(OpsServer ops, PacketPublisher publisher) {
        if (ops != null) {
            ops.readiness("publisher", () -> publisher.failed() == 0
                    ? Readiness.ready(publisher.acknowledged() + " packets acknowledged")
                    : Readiness.notReady(publisher.failed() + " sends failed"));
        }
    }

    /**
     * Tags every meter registered from here on with {@code sensor=ID}, so that one Prometheus rule
     * covers every sensor ("no packets from sensor X for 10 minutes") whatever else scrapes them.
     */
    static MeterRegistry sensorTagged(MeterRegistry registry, String sensorId) {
        registry.config().commonTags("sensor", sensorId);
        return registry;
    }

    /** "32m", "512k", "1g" or plain bytes. */
    static final class ByteSizeConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String t = value.trim().toLowerCase(Locale.ROOT);
            long factor = 1;
            if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g")) {
                factor = switch (t.charAt(t.length() - 1)) {
                    case 'k' -> 1024L;
                    case 'm' -> 1024L * 1024;
                    default -> 1024L * 1024 * 1024;
                };
                t = t.substring(0, t.length() - 1);
            }
            try {
                long bytes = Math.multiplyExact(Long.parseLong(t), factor);
                if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
                    throw new NumberFormatException();
                }
                return (int) bytes;
            } catch (NumberFormatException | ArithmeticException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a size: use bytes or k/m/g, "
                        + "e.g. 32m, below 2g");
            }
        }
    }

    @Command(name = "decode", mixinStandardHelpOptions = true,
            description = {"Decodes a capture file without publishing and prints one line per packet "
                    + "(or, with --summary, only the counts).",
                "TSV columns, in this order: time_epoch (seconds since the epoch, nine decimals), src, dst, "
                    + "protocol (IP protocol number), src_port, dst_port (0 when the protocol has none), "
                    + "tcp_flags (the nine flag bits in hex, 0x012 = SYN+ACK), length (bytes on the wire), "
                    + "country (ISO code of the source, ZZ unknown), undecodable (empty, or \"reason: detail\" "
                    + "for a packet that could not be decoded; its address columns are then empty).",
                "JSON: one object per line with the same names; time_epoch is a string."})
    public static final class Decode implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "pcap or pcapng file (may be gzip-compressed)")
        private Path file;

        @Option(names = "--format", defaultValue = "tsv", paramLabel = "tsv|json",
                converter = FormatConverter.class, description = "line format (default: ${DEFAULT-VALUE})")
        private PacketLineFormat format;

        @Option(names = "--geoip", paramLabel = "FILE",
                description = "country database for the country column; default: the bundled NRO-based database")
        private Path geoip;

        @Option(names = "--summary", description = "print only the counts (frames, decoded, undecodable by reason)")
        private boolean summary;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                if (summary) {
                    ReplayStats stats = ReplayJob.decodeOnly(new PacketDecoder("decode"), new SimpleMeterRegistry(),
                            Clock.systemUTC()).run(file, ProgressListener.NONE);
                    printStats(out, stats);
                    return 0;
                }
                try (CaptureReader reader = CaptureFiles.open(file);
                        MaxMindGeoLookup geo = MaxMindGeoLookup.open(Optional.ofNullable(geoip), Optional.empty())) {
                    new PacketListing(new PacketDecoder("decode"),
                            new Enricher(new CachingGeoLookup(geo, GEO_CACHE_SLOTS)), format).write(reader, out);
                    if (reader.framesSkipped() > 0) {
                        err.println("warning: " + reader.framesSkipped() + " frames skipped (unreadable timestamp)");
                    }
                    reader.truncation().ifPresent(t -> err.println("warning: " + t));
                    if (geo.lookupErrors() > 0) {
                        err.println("warning: " + geo.lookupErrors() + " GeoIP lookups failed (reported as ZZ)");
                    }
                }
                return 0;
            } catch (CaptureFileException | GeoDatabaseException e) {
                err.println("error: " + e.getMessage());
                return 1;
            }
        }
    }

    /** max, realtime or Nx. */
    static final class SpeedConverter implements CommandLine.ITypeConverter<ReplaySpeed> {
        @Override
        public ReplaySpeed convert(String value) {
            try {
                return ReplaySpeed.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** tsv or json, in any case (the CLI module registers this command in its own CommandLine). */
    static final class FormatConverter implements CommandLine.ITypeConverter<PacketLineFormat> {
        @Override
        public PacketLineFormat convert(String value) {
            try {
                return PacketLineFormat.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a format: use tsv or json");
            }
        }
    }

    static void printStats(PrintWriter out, ReplayStats s) {
        out.printf(Locale.ROOT, "frames read:   %d%n", s.framesRead());
        if (s.framesSkipped() > 0) {
            out.printf(Locale.ROOT, "frames skipped (unreadable timestamp): %d%n", s.framesSkipped());
        }
        out.printf(Locale.ROOT, "decoded:       %d%n", s.decoded());
        out.printf(Locale.ROOT, "undecodable:   %d%s%n", s.undecodableTotal(),
                s.undecodable().isEmpty() ? "" : " " + new java.util.TreeMap<>(s.undecodable()));
        out.printf(Locale.ROOT, "published:     %d%n", s.published());
        s.firstEventTime().ifPresent(t -> out.printf(Locale.ROOT, "event time:    %s .. %s%n", t,
                s.lastEventTime().orElse(t)));
        s.truncation().ifPresent(t -> out.printf(Locale.ROOT, "TRUNCATED:     %s%n", t));
        out.printf(Locale.ROOT, "wall time:     %.3f s%n", s.wallTime().toNanos() / 1e9);
        out.flush();
    }

    private static ProgressListener progressPrinter(PrintWriter err) {
        return (ReplayProgress p) -> {
            String where = p.fraction() >= 0 ? String.format(Locale.ROOT, "%5.1f%%", p.fraction() * 100) : "";
            err.printf(Locale.ROOT, "%s %d frames, %d decoded, %d undecodable%s%n", where, p.framesRead(),
                    p.decoded(), p.undecodable(), p.done() ? " (done)" : "");
            err.flush();
        };
    }

    /** Durations on the command line, in darkwatch's one syntax (30s, 5m, 1h, 1d, 250ms, PT1M10S). */
    public static Duration parseDuration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
