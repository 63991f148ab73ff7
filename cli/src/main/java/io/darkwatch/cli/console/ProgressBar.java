package io.darkwatch.cli.console;

import java.io.PrintStream;

/**
 * A one-line progress bar redrawn in place with carriage returns, at most a few times a second.
 * When the stream is not a terminal (CI logs, files) it prints a plain line every 10 % instead,
 * so logs are not filled with redraws.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private final boolean interactive;
    private long lastDraw;
    private int lastDecile = -1;

    public ProgressBar(PrintStream out, String label, boolean interactive) {
        this.out = out;
        this.label = label;
        this.interactive = interactive;
    }

    /** @param fraction 0..1 of the work done; {@code detail} e.g. "1.2 M packets, 310 k/s" */
    public synchronized void update(double fraction, String detail) {
        double f = Math.max(0, Math.min(1, fraction));
        if (interactive) {
            long now = System.nanoTime();
            if (now - lastDraw < 100_000_000L && f < 1) {
                return;
            }
            lastDraw = now;
            int filled = (int) Math.round(f * WIDTH);
            out.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                    + String.format("%3d%%", Math.round(f * 100)) + "  " + detail + "\u001b[K");
            out.flush();
        } else {
            int decile = (int) Math.floor(f * 10);
            if (decile > lastDecile) {
                lastDecile = decile;
                out.println(label + " " + (decile * 10) + "%  " + detail);
            }
        }
    }

    /** Ends the bar's line so that what follows starts on a fresh one. */
    public synchronized void done() {
        if (interactive) {
            out.println();
        }
    }

    /** Clears the bar's line (before printing something else), to be redrawn by the next update. */
    public synchronized void clearLine() {
        if (interactive) {
            out.print("\r\u001b[K");
            out.flush();
            lastDraw = 0;
        }
    }
}
