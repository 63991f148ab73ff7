package io.darkwatch.cli;

import io.darkwatch.cli.command.AnalyzeCommand;
import io.darkwatch.cli.command.BrokerCommand;
import io.darkwatch.cli.command.ConfigCommand;
import io.darkwatch.cli.command.DemoCommand;
import io.darkwatch.cli.command.SilenceCommand;
import io.darkwatch.cli.command.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code darkwatch} command. */
@Command(name = "darkwatch", mixinStandardHelpOptions = true, version = "darkwatch 0.1.0",
        description = "Real-time anomaly detection for darknet (network telescope) traffic on Kafka Streams.",
        subcommands = {
            DemoCommand.class,
            AnalyzeCommand.class,
            SimulateCommand.class,
            ConfigCommand.class,
            SilenceCommand.class,
            BrokerCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code, without exiting (for tests). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        // The deployables' own entry points, under the names the README and the container images use.
        cli.addSubcommand("replay", new io.darkwatch.capture.CaptureProducerMain.Replay());
        cli.addSubcommand("decode", new io.darkwatch.capture.CaptureProducerMain.Decode());
        cli.addSubcommand("capture", new io.darkwatch.capture.CaptureProducerMain.Capture());
        cli.addSubcommand("streams", new io.darkwatch.streams.StreamsMain());
        cli.addSubcommand("alerting", new io.darkwatch.alerting.AlertingMain());
        for (String name : new String[] {"replay", "decode", "capture", "streams", "alerting"}) {
            // Their own @Command names are for running them alone; usage lines must show the name typed here.
            cli.getSubcommands().get(name).getCommandSpec().name(name);
        }
        cli.registerConverter(java.time.Duration.class, io.darkwatch.capture.CaptureProducerMain::parseDuration);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(new ErrorReporter());
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
