package io.darkwatch.alerting.config;

import java.util.List;

/** Start-up settings that cannot work, with every problem found (not just the first). */
public final class InvalidSettingsException extends IllegalArgumentException {
    private final List<String> problems;

    public InvalidSettingsException(List<String> problems) {
        super("invalid alerting settings:" + System.lineSeparator() + "  - "
                + String.join(System.lineSeparator() + "  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
