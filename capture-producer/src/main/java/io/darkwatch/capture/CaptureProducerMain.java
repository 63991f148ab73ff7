package io.darkwatch.capture;

import io.darkwatch.capture.decode.PacketDecoder;
import io.darkwatch.capture.geo.CachingGeoLookup;
import io.darkwatch.capture.geo.Enricher;
import io.darkwatch.capture.geo.GeoDatabaseException;
import io.darkwatch.capture.geo.MaxMindGeoLookup;
import io.darkwatch.capture.listing.PacketLineFormat;
import io.darkwatch.capture.listing.PacketListing;
import io.darkwatch.capture.publish.PacketPublisher;
import io.darkwatch.capture.publish.PublishException;
import io.darkwatch.capture.publish.PublisherSettings;
import io.darkwatch.capture.read.CaptureFileException;
import io.darkwatch.capture.read.CaptureFiles;
import io.darkwatch.capture.read.CaptureReader;
import io.darkwatch.capture.replay.ProgressListener;
import io.darkwatch.capture.replay.ReplayJob;
import io.darkwatch.capture.replay.ReplayProgress;
import io.darkwatch.capture.replay.ReplayStats;
import io.darkwatch.geodata.DefaultGeoDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The capture producer as a program: {@code replay <file> --bootstrap-servers X} publishes a
 * capture's packets to Kafka; {@code decode <file>} prints one line per packet (or, with
 * {@code --summary}, only counts what the capture holds).
 * Exit codes: 0 done, 1 failed (Kafka), 2 bad input (usage, capture file, GeoIP database; message on stderr).
 */
@Command(name = "capture-producer", mixinStandardHelpOptions = true,
        description = "Reads pcap/pcapng captures, decodes packet summaries and publishes them to Kafka.",
        subcommands = {CaptureProducerMain.Replay.class, CaptureProducerMain.Decode.class})
public final class CaptureProducerMain implements Runnable {
    /** Sources seen more than once are looked up once: the size of the per-address GeoIP cache (also the benchmark's). */
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
        throw new CommandLine.ParameterException(spec.commandLine(), "give a command: replay or decode");
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Publishes every packet of a capture file to Kafka, as fast as it can be read.")
    public static final class Replay implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "pcap or pcapng file")
        private Path file;

        @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,…]",
                description = "Kafka bootstrap servers")
        private String bootstrapServers;

        @Option(names = "--geoip", paramLabel = "FILE",
                description = "country database (GeoIP2/GeoLite2 Country or City .mmdb, or one with country_code "
                        + "records); default: the bundled NRO-based database")
        private Path geoip;

        @Option(names = "--asn-db", paramLabel = "FILE", description = "ASN database (GeoLite2-ASN .mmdb)")
        private Path asnDb;

        @Option(names = "--sensor-id", defaultValue = "sensor", description = "this sensor's id (default: ${DEFAULT-VALUE})")
        private String sensorId;

        @Option(names = "--heartbeat-interval", defaultValue = "10s", paramLabel = "DURATION",
                description = "event time between heartbeats to every partition (default: ${DEFAULT-VALUE})")
        private Duration heartbeatInterval;

        @Option(names = "--final-advance", defaultValue = "330s", paramLabel = "DURATION",
                description = "the final heartbeat is this far past the last packet: the streams app's window size "
                        + "+ grace, so the capture's last windows close (default: ${DEFAULT-VALUE}, the default "
                        + "5m window + 30s grace; 0s for a replay that more data will follow)")
        private Duration finalAdvance;

        @Option(names = "--producer-property", paramLabel = "KEY=VALUE",
                description = "Kafka producer property overriding darkwatch's default (repeatable)")
        private Map<String, String> producerProperties = new LinkedHashMap<>();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                PublisherSettings settings = new PublisherSettings(bootstrapServers, sensorId, heartbeatInterval,
                        producerProperties);
                if (finalAdvance.isNegative()) {
                    throw new IllegalArgumentException("--final-advance must not be negative");
                }
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                // Open the inputs first, so a bad file or database fails before Kafka is contacted.
                try (CaptureReader reader = CaptureFiles.open(file);
                        MaxMindGeoLookup geo = MaxMindGeoLookup.open(Optional.ofNullable(geoip), Optional.ofNullable(asnDb));
                        PacketPublisher publisher = PacketPublisher.create(settings, registry)) {
                    err.println("GeoIP: " + geo.description());
                    if (geoip == null) {
                        err.println(DefaultGeoDatabase.ATTRIBUTION);
                    }
                    ReplayJob job = ReplayJob.publishing(new PacketDecoder(sensorId),
                            new Enricher(new CachingGeoLookup(geo, GEO_CACHE_SLOTS)), publisher, registry,
                            Clock.systemUTC());
                    ReplayStats stats = job.run(reader, progressPrinter(err));
                    publisher.finish(finalAdvance.toMillis());
                    printStats(out, stats);
                    if (geo.lookupErrors() > 0) {
                        err.println("warning: " + geo.lookupErrors() + " GeoIP lookups failed (reported as ZZ)");
                    }
                }
                return 0;
            } catch (CaptureFileException | GeoDatabaseException | IllegalArgumentException e) {
                // The user's input: the same exit code as `darkwatch analyze` gives for it.
                err.println("error: " + e.getMessage());
                return 2;
            } catch (PublishException e) {
                err.println("error: " + e.getMessage());
                return 1;
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

    /** "10s", "5m", "250ms", "1h" or ISO-8601 "PT10S". */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException(text);
            };
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a duration (e.g. 10s, 5m, 250ms, PT1M)");
        }
    }
}
