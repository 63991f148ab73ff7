package io.darkwatch.cli.command;

import io.darkwatch.cli.console.ProgressBar;
import io.darkwatch.cli.console.Terminal;
import io.darkwatch.simulator.SimulationReport;
import io.darkwatch.simulator.Simulator;
import io.darkwatch.simulator.scenario.Scenario;
import io.darkwatch.simulator.scenario.Scenarios;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes a synthetic capture from a scenario, plus its ground-truth report beside it. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Write a synthetic darknet capture (pcap) from a scenario, and its ground truth as JSON beside "
                + "it. Built-in scenarios: seed-quarter-demo, steady-background, small-events, benchmark-48h; or give "
                + "a scenario file (format: simulator/SCENARIOS.md).")
public final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--scenario", defaultValue = Scenarios.SEED_QUARTER_DEMO, paramLabel = "NAME|FILE",
            description = "A built-in scenario name or a scenario JSON file (default ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The capture to write.")
    Path out;

    @Option(names = "--geoip", paramLabel = "FILE",
            description = "Country database to draw source addresses from (default: the bundled NRO database). "
                    + "Use the one the producer will use.")
    Path geoip;

    @Override
    public Integer call() throws Exception {
        Scenario s = Scenarios.load(scenario);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            java.nio.file.Files.createDirectories(parent);
        }
        Simulator simulator = geoip == null ? new Simulator() : new Simulator(geoip);
        ProgressBar bar = new ProgressBar(System.err, "simulating", Terminal.isInteractive());
        SimulationReport report = simulator.run(s, out,
                p -> bar.update(p.fractionDone(), String.format("%,d packets", p.packetsWritten())));
        bar.done();
        Path reportFile = report.writeJsonBeside(out);
        System.out.printf("wrote %s: %,d packets, %s .. %s; ground truth in %s%n", out, report.packets(),
                report.start(), report.end(), reportFile);
        return 0;
    }
}
