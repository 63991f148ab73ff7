package io.darkwatch.alerting;

import io.darkwatch.alerting.config.AlertingSettings;
import io.darkwatch.alerting.config.InvalidSettingsException;
import io.darkwatch.alerting.deadletter.DeadLetterReplay;
import io.darkwatch.alerting.deadletter.KafkaDeadLetters;
import io.darkwatch.alerting.metrics.AlertMetrics;
import io.darkwatch.alerting.service.AlertSinks;
import io.darkwatch.alerting.service.AlertingService;
import io.darkwatch.alerting.sink.AlertSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code darkwatch alerting replay-dead-letters}: sends the alerting group's dead letters again, each
 * to the sink it failed on, as the same options and environment as {@code darkwatch alerting}
 * configure it now ({@link DeadLetterReplay}).
 */
@Command(name = "replay-dead-letters",
        description = "Send the dead letters of the alerting group (--group-id) again, each to the sink it failed "
                + "on, once the cause is fixed. Each letter is replayed once: the replay remembers where it stopped. "
                + "A letter that fails again is dead-lettered anew for the next replay. Webhooks and routes come from "
                + "the same environment and options as 'darkwatch alerting' (options of 'alerting' go before this "
                + "subcommand). Flood protection does not apply; the rate limit does.",
        footer = {"", "Example: darkwatch alerting --group-id darkwatch-alerting replay-dead-letters --dry-run"})
final class ReplayDeadLettersCommand implements Callable<Integer> {

    @ParentCommand
    AlertingMain parent;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = "--dry-run", description = "List what would be replayed; send and remember nothing")
    boolean dryRun;

    private final PrintStream out;

    ReplayDeadLettersCommand() {
        this(System.out);
    }

    ReplayDeadLettersCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        AlertingSettings settings;
        try {
            // No flood protection: a replayed letter held back as "suppressed" would count as replayed.
            settings = parent.settings().withSlackMessagesPerHour(0);
        } catch (InvalidSettingsException e) {
            System.err.println(e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        AlertMetrics metrics = new AlertMetrics(new SimpleMeterRegistry());
        Map<String, AlertSink> sinks = new LinkedHashMap<>();
        AlertSinks.fromSettings(settings, metrics, out).forEach(s -> sinks.put(s.name(), s));
        sinks.putAll(byName(AlertSinks.routing(settings, metrics).sinks()));
        try (DeadLetterReplay replay = new DeadLetterReplay(settings.bootstrapServers(), settings.groupId(), sinks,
                new KafkaDeadLetters(AlertingService.producerConfig(settings, "dead-letter-replay")),
                Clock.systemUTC(), out::println)) {
            DeadLetterReplay.Outcome outcome = replay.replay(dryRun);
            out.println((dryRun ? "would replay " : "replayed ") + outcome.replayed() + ", failed again "
                    + outcome.failedAgain() + ", passed over " + outcome.otherGroups() + " of other groups"
                    + outcome.stoppedAt().map(s -> "; stopped early").orElse(""));
            return outcome.stoppedAt().isPresent() ? CommandLine.ExitCode.SOFTWARE : CommandLine.ExitCode.OK;
        }
    }

    /** Route sinks are keyed by route; dead letters name the sink ({@code slack-<route>}). */
    private static Map<String, AlertSink> byName(Map<String, AlertSink> byRoute) {
        Map<String, AlertSink> out = new LinkedHashMap<>();
        byRoute.values().forEach(s -> out.put(s.name(), s));
        return out;
    }
}
