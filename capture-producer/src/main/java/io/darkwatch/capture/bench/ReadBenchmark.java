package io.darkwatch.capture.bench;

import io.darkwatch.capture.CaptureProducerMain;
import io.darkwatch.capture.decode.DecodeResult;
import io.darkwatch.capture.decode.PacketDecoder;
import io.darkwatch.capture.geo.CachingGeoLookup;
import io.darkwatch.capture.geo.Enricher;
import io.darkwatch.capture.geo.MaxMindGeoLookup;
import io.darkwatch.capture.read.CaptureFrame;
import io.darkwatch.capture.read.CaptureReader;
import io.darkwatch.capture.read.JavaPcapReader;
import io.darkwatch.capture.read.Pcap4jFileReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Prints how fast each reader delivers a capture's packets, alone, with decoding, and with decoding
 * plus GeoIP enrichment (the bundled database behind the same cache the replay uses): the figures
 * behind choosing {@link JavaPcapReader} over {@link Pcap4jFileReader}. A command, not a test: the
 * numbers depend on the machine and are for reading, not asserting.
 *
 * <p>Each mode reads the whole file {@code --repeat} times (pcap4j: {@code --pcap4j-repeat}, it is
 * about a hundred times slower) and prints every pass; the first passes include JIT warm-up, so the
 * best pass is the steady-state figure. A checksum over every frame keeps the JIT from skipping work.
 *
 * <pre>
 * mvn -q -o -pl capture-producer compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp capture-producer/target/classes:$(cat /tmp/cp.txt) io.darkwatch.capture.bench.ReadBenchmark \
 *     /tmp/bench/bench48h.pcap --repeat 5 --pcap4j-repeat 2
 * </pre>
 */
@Command(name = "read-benchmark", mixinStandardHelpOptions = true,
        description = "Measures packets/s of the Java and pcap4j readers, with and without decoding and enrichment.")
public final class ReadBenchmark implements Callable<Integer> {
    /** What is done with each frame. */
    enum Work {
        READ, DECODE, ENRICH
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "pcap or pcapng file")
    private Path file;

    @Option(names = "--repeat", defaultValue = "5", description = "passes per Java-reader mode (default: ${DEFAULT-VALUE})")
    private int repeat;

    @Option(names = "--pcap4j-repeat", defaultValue = "1",
            description = "passes per pcap4j mode, 0 to leave pcap4j out (default: ${DEFAULT-VALUE})")
    private int pcap4jRepeat;

    @Option(names = "--geoip", paramLabel = "FILE", description = "country database for the enrich modes; default: bundled")
    private Path geoip;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReadBenchmark()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "file: %s%n", file);
        out.printf(Locale.ROOT, "%-8s %-7s %5s %12s %8s %14s%n", "reader", "work", "pass", "packets", "seconds",
                "packets/s");
        try (MaxMindGeoLookup geo = MaxMindGeoLookup.open(Optional.ofNullable(geoip), Optional.empty())) {
            PacketDecoder decoder = new PacketDecoder("bench");
            for (Work work : Work.values()) {
                // a fresh cache per mode, as a replay starts with one
                Enricher enricher = new Enricher(new CachingGeoLookup(geo, CaptureProducerMain.GEO_CACHE_SLOTS));
                run(out, "java", JavaPcapReader::open, work, repeat, decoder, enricher);
                run(out, "pcap4j", Pcap4jFileReader::open, work, pcap4jRepeat, decoder, enricher);
            }
        }
        return 0;
    }

    private void run(PrintWriter out, String name, Function<Path, CaptureReader> opener, Work work, int passes,
            PacketDecoder decoder, Enricher enricher) {
        double best = 0;
        for (int pass = 1; pass <= passes; pass++) {
            long start = System.nanoTime();
            long packets = 0;
            long checksum = 0;
            try (CaptureReader reader = opener.apply(file)) {
                CaptureFrame frame;
                while ((frame = reader.next()) != null) {
                    packets++;
                    checksum += frame.timestampNanos() + frame.capturedLength()
                            + (frame.capturedLength() > 0 ? frame.data()[frame.capturedLength() - 1] : 0);
                    if (work != Work.READ) {
                        DecodeResult result = decoder.decode(frame);
                        if (result instanceof DecodeResult.Decoded d) {
                            checksum += work == Work.ENRICH ? enricher.enrich(d.summary()).country().hashCode()
                                    : d.summary().dstPort();
                        }
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = packets / seconds;
            best = Math.max(best, rate);
            out.printf(Locale.ROOT, "%-8s %-7s %5d %12d %8.3f %,14.0f%s%n", name, work.name().toLowerCase(Locale.ROOT),
                    pass, packets, seconds, rate, checksum == 42 ? " " : "");
            out.flush();
        }
        if (passes > 1) {
            out.printf(Locale.ROOT, "%-8s %-7s %5s %12s %8s %,14.0f%n", name, work.name().toLowerCase(Locale.ROOT),
                    "best", "", "", best);
        }
    }
}
