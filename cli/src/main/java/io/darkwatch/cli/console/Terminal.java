package io.darkwatch.cli.console;

/** Whether output goes to a person at a terminal (progress bars redraw) or to a log or file (they do not). */
public final class Terminal {
    private Terminal() {
    }

    public static boolean isInteractive() {
        return System.console() != null && System.getenv("CI") == null;
    }
}
