package io.darkwatch.alerting.sink;

import io.darkwatch.alerting.render.AnomalyFormat;
import io.darkwatch.alerting.render.CountryNames;
import io.darkwatch.alerting.render.RankedEntry;
import io.darkwatch.alerting.render.TopLists;
import io.darkwatch.common.anomaly.Anomaly;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Prints each event as one line, plus an indented second line for victims, ports and how long a
 * resolved episode lasted, for people watching a terminal:
 *
 * <pre>
 * [CRITICAL] Backscatter surge Ukraine (UA) OPEN  window 2022-02-24 00:00–00:05 UTC  observed 120 vs expected 10 (12×)
 *     top victims: 192.0.2.7 (80), 192.0.2.9 (30); top ports: 443 (70), 80 (40)
 * </pre>
 *
 * <p>The country reads as in the Slack headline, name and code ({@link CountryNames#label}): a SOC
 * analyst should not have to know that {@code KZ} is Kazakhstan, and the code stays greppable.
 */
public final class ConsoleSink implements AlertSink {
    /** Enough to see who is hit without drowning the terminal. */
    static final int LIST_ITEMS = 5;

    private final PrintStream out;

    public ConsoleSink(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public String name() {
        return "console";
    }

    @Override
    public void deliver(Anomaly anomaly) throws AlertDeliveryException {
        out.println(render(anomaly));
        out.flush();
        if (out.checkError()) {
            throw new AlertDeliveryException("io_error", false, "cannot write to the console stream");
        }
    }

    /** The text printed for one event (one or two lines, no trailing newline). */
    public static String render(Anomaly a) {
        String first = "[" + AnomalyFormat.severity(a) + "] " + AnomalyFormat.typeLabel(a) + " " + CountryNames.label(a.country()) + " "
                + a.status() + "  window " + AnomalyFormat.window(a) + "  " + AnomalyFormat.comparison(a);
        List<String> facts = new ArrayList<>();
        List<RankedEntry> victims = TopLists.victims(a);
        if (!victims.isEmpty()) {
            facts.add("top victims: " + AnomalyFormat.inlineList(victims, LIST_ITEMS));
        }
        List<RankedEntry> ports = TopLists.ports(a);
        if (!ports.isEmpty()) {
            facts.add("top ports: " + AnomalyFormat.inlineList(ports, LIST_ITEMS));
        }
        String resolution = AnomalyFormat.resolution(a);
        if (!resolution.isEmpty()) {
            facts.add(resolution);
        }
        return facts.isEmpty() ? first : first + System.lineSeparator() + "    " + String.join("; ", facts);
    }

    @Override
    public void close() {
        // The stream belongs to whoever passed it in (usually System.out): flush, do not close.
        out.flush();
    }
}
