package io.darkwatch.streams.config;

import io.darkwatch.streams.settings.InvalidSettingsException;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What {@link ConfigValidator} made of a config record.
 *
 * @param scope    the scope its key names; null when the key names none
 * @param record   the record with every value in canonical form; null unless an accepted record (a
 *                 deletion has none)
 * @param problems every problem found, empty when accepted
 */
public record ConfigValidation(ConfigScope scope, ConfigRecord record, List<ConfigProblem> problems) {

    public ConfigValidation {
        problems = List.copyOf(problems);
        if (problems.isEmpty() && scope == null) {
            throw new IllegalArgumentException("an accepted config record has a scope");
        }
    }

    public boolean accepted() {
        return problems.isEmpty();
    }

    /** The problems' messages, one line each. */
    public List<String> messages() {
        return problems.stream().map(ConfigProblem::message).toList();
    }

    /** The distinct reason tags, in the order first found. */
    public List<String> reasons() {
        return List.copyOf(new LinkedHashSet<>(problems.stream().map(ConfigProblem::reason).toList()));
    }

    /**
     * @return the canonical record (null for a deletion)
     * @throws InvalidSettingsException listing every problem
     */
    public ConfigRecord orThrow() {
        if (!accepted()) {
            throw new InvalidSettingsException(messages());
        }
        return record;
    }
}
