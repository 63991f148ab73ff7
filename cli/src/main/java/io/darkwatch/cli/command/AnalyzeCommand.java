package io.darkwatch.cli.command;

import io.darkwatch.alerting.sink.AlertSink;
import io.darkwatch.alerting.sink.JsonLinesFileSink;
import io.darkwatch.cli.BadOptionException;
import io.darkwatch.cli.console.ProgressBar;
import io.darkwatch.cli.console.QuietKafkaLogs;
import io.darkwatch.cli.console.SummaryPrinter;
import io.darkwatch.cli.console.Terminal;
import io.darkwatch.cli.local.LocalPipeline;
import io.darkwatch.cli.local.PipelineOptions;
import io.darkwatch.cli.local.PipelineResult;
import io.darkwatch.streams.settings.DetectorSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Forensic mode: a past capture through the whole pipeline, on an embedded broker. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Replay a pcap/pcapng capture through the whole pipeline (embedded Kafka broker, producer, "
                + "streams-app, alerting) as fast as possible in event time. Every anomaly event is written as one "
                + "JSON line to --out (stdout if absent); a summary goes to stderr (stdout when --out is given). "
                + "Exit codes: 0 done (also for a truncated capture), 1 pipeline failure, 2 bad input.")
public final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CAPTURE", description = "A pcap or pcapng file.")
    Path capture;

    @Option(names = "--geoip", paramLabel = "FILE",
            description = "GeoIP2/GeoLite2 Country or City database, or a flat country_code database "
                    + "(default: the bundled NRO country database).")
    Path geoip;

    @Option(names = "--asn-db", paramLabel = "FILE", description = "GeoLite2/GeoIP2 ASN database (optional).")
    Path asnDb;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Detector setting, e.g. window.size=10m (repeatable; keys in the README). Replays default "
                    + "baseline.min-windows to 12 (one hour of history) instead of a day.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write anomaly events here as JSON lines (the file is replaced).")
    Path out;

    @Option(names = "--sensor-id", defaultValue = "analyze", description = "Sensor id (default ${DEFAULT-VALUE}).")
    String sensorId;

    @Option(names = "--partitions", defaultValue = "2",
            description = "Partitions per topic on the embedded broker (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--timeout", defaultValue = "PT10M",
            description = "How long to wait for the pipeline to catch up after the replay (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(capture)) {
            throw new NoSuchFileException(capture.toString());
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new BadOptionException("--timeout must be positive, not " + timeout);
        }
        if (partitions < 1 || partitions > 64) {
            throw new BadOptionException("--partitions must be 1..64, not " + partitions);
        }
        DetectorSettings detector = LocalPipeline.replaySettings(settings);
        QuietKafkaLogs.apply();
        boolean eventsOnStdout = out == null;
        PrintStream report = eventsOnStdout ? System.err : System.out;
        ProgressBar bar = new ProgressBar(System.err, "replaying", Terminal.isInteractive());
        List<AlertSink> sinks = new ArrayList<>();
        PipelineOptions options = new PipelineOptions(capture, Optional.ofNullable(geoip), Optional.ofNullable(asnDb),
                detector, partitions, sensorId, sinks,
                p -> bar.update(p.fraction(), String.format("%,d packets", p.framesRead())), timeout);
        // Bad input fails here, before the output file is touched or a broker is started.
        LocalPipeline.checkInputs(options);
        if (!eventsOnStdout) {
            Files.deleteIfExists(out);
        }
        sinks.add(eventsOnStdout ? JsonLinesFileSink.stdout() : new JsonLinesFileSink(out));
        PipelineResult result = new LocalPipeline(options.withSinks(sinks), new SimpleMeterRegistry()).run();
        bar.done();
        SummaryPrinter.print(report, "darkwatch analyze " + capture, result);
        return 0;
    }
}
