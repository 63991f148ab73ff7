package io.darkwatch.streams.settings;

import java.util.List;

/** Every problem found in a set of settings, one line each, so that a user fixes them all in one go. */
public final class InvalidSettingsException extends IllegalArgumentException {
    private final List<String> problems;

    public InvalidSettingsException(List<String> problems) {
        super(message(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidSettingsException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        StringBuilder sb = new StringBuilder(problems.size() == 1 ? "1 problem in the settings:"
                : problems.size() + " problems in the settings:");
        for (String p : problems) {
            sb.append(System.lineSeparator()).append("  - ").append(p);
        }
        return sb.toString();
    }
}
