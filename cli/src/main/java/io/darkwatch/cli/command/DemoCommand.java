package io.darkwatch.cli.command;

import io.darkwatch.alerting.sink.AlertSink;
import io.darkwatch.alerting.sink.ConsoleSink;
import io.darkwatch.cli.console.ProgressBar;
import io.darkwatch.cli.console.QuietKafkaLogs;
import io.darkwatch.cli.console.SummaryPrinter;
import io.darkwatch.cli.console.Terminal;
import io.darkwatch.cli.local.CleanupStack;
import io.darkwatch.cli.local.LocalPipeline;
import io.darkwatch.cli.local.PipelineOptions;
import io.darkwatch.cli.local.PipelineResult;
import io.darkwatch.ops.OpsServer;
import io.darkwatch.ops.Readiness;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.simulator.SimulationReport;
import io.darkwatch.simulator.Simulator;
import io.darkwatch.simulator.scenario.Scenarios;
import io.darkwatch.streams.settings.DetectorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import io.micrometer.core.instrument.Counter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The one-command demo: a simulated quarter's events, detected live on an embedded broker. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Simulate a capture modelled on JPCERT/CC's Q1 2022 report (background traffic from ~30 "
                + "countries, a Ukraine SYN/ACK backscatter surge on 80/443, a Kazakhstan outage, a telnet scan burst) "
                + "and run it through producer, Kafka, streams-app and alerting on an embedded broker, printing alerts "
                + "as they fire.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--scenario", defaultValue = Scenarios.SEED_QUARTER_DEMO, paramLabel = "NAME|FILE",
            description = "Scenario to simulate (default ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Detector setting (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--metrics-port", defaultValue = "0",
            description = "Port for Prometheus metrics on 127.0.0.1 (default: any free port; the URL is printed).")
    int metricsPort;

    @Option(names = "--keep", description = "Keep the simulated capture and its ground truth (the path is printed).")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        DetectorSettings detector = LocalPipeline.replaySettings(settings);
        QuietKafkaLogs.apply();
        boolean interactive = Terminal.isInteractive();
        CleanupStack cleanup = new CleanupStack();
        Thread hook = cleanup.closeOnShutdown();
        try (OpsServer metrics = new OpsServer("127.0.0.1", metricsPort)) {
            metrics.readiness("demo", () -> Readiness.ready("running"));
            Path dir = keep ? Files.createTempDirectory("darkwatch-demo-") : cleanup.tempDir("darkwatch-demo-");
            Path capture = dir.resolve(scenario.replaceAll("[^A-Za-z0-9_.-]", "_") + ".pcap");
            System.out.println("darkwatch demo — Prometheus metrics while it runs: " + metrics.metricsUrl());

            ProgressBar simBar = new ProgressBar(System.out, "simulating", interactive);
            SimulationReport sim = new Simulator().run(Scenarios.load(scenario), capture,
                    p -> simBar.update(p.fractionDone(), String.format("%,d packets", p.packetsWritten())));
            simBar.done();
            System.out.printf("simulated %s: %,d packets, %s .. %s, %d injected events%n", sim.scenario(),
                    sim.packets(), sim.start(), sim.end(), sim.events().size());
            for (SimulationReport.EventTally e : sim.events()) {
                System.out.printf("  injected %-11s %s  %s .. %s%n", e.type(), e.country(), e.start(), e.end());
            }

            // The bar follows detection, not reading: the replay outruns the streams app, and alerts
            // are printed when the pipeline finds them, so the bar shows how far in event time that is.
            ProgressBar bar = new ProgressBar(System.out, "detecting ", interactive);
            long expectedWindows = Math.max(1,
                    Duration.between(sim.start(), sim.end()).toMillis() / detector.windowSizeMillis());
            AtomicLong replayed = new AtomicLong();
            LiveConsoleSink live = new LiveConsoleSink(bar);
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "demo-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(() -> {
                Counter closed = metrics.registry().find("darkwatch.windows.closed").counter();
                double windows = closed == null ? 0 : closed.count();
                bar.update(windows / expectedWindows, String.format("%,d packets replayed, %d alerts",
                        replayed.get(), live.count()));
            }, 200, 200, TimeUnit.MILLISECONDS);
            PipelineOptions options = new PipelineOptions(capture, Optional.empty(), Optional.empty(), detector, 2,
                    "demo", List.of(live), p -> replayed.set(p.framesRead()), Duration.ofMinutes(5));
            PipelineResult result;
            try {
                result = new LocalPipeline(options, metrics.registry()).run();
            } finally {
                ticker.shutdownNow();
            }
            bar.update(1, String.format("%,d packets replayed, %d alerts", replayed.get(), live.count()));
            bar.done();
            SummaryPrinter.print(System.out, "darkwatch demo summary", result);
            if (keep) {
                System.out.println("capture kept: " + capture);
            }
        } finally {
            cleanup.closeAndForget(hook);
        }
        return 0;
    }

    /** Prints each alert on a line of its own above the progress bar. */
    private static final class LiveConsoleSink implements AlertSink {
        private final ProgressBar bar;
        private final AtomicLong delivered = new AtomicLong();

        LiveConsoleSink(ProgressBar bar) {
            this.bar = bar;
        }

        @Override
        public String name() {
            return "console";
        }

        @Override
        public void deliver(Anomaly anomaly) {
            bar.clearLine();
            System.out.println("ALERT " + ConsoleSink.render(anomaly));
            delivered.incrementAndGet();
        }

        long count() {
            return delivered.get();
        }

        @Override
        public void close() {
        }
    }
}
