package io.darkwatch.streams.quality;

import io.darkwatch.simulator.scenario.Scenario;
import io.darkwatch.simulator.scenario.ScenarioEvent;
import java.util.Map;
import java.util.Optional;

/**
 * One generated quality scenario and its ground truth.
 *
 * @param seed     the seed it was generated from (rerun it with -Ddarkwatch.sweep.first-seed=SEED
 *                 -Ddarkwatch.sweep.seeds=1)
 * @param scenario the scenario
 * @param roles    per country code, what it does
 * @param events   per country code, the event that makes its role (none for QUIET)
 */
record SweepCase(long seed, Scenario scenario, Map<String, Role> roles, Map<String, ScenarioEvent> events) {

    Optional<ScenarioEvent> event(String country) {
        return Optional.ofNullable(events.get(country));
    }

    /** One line per country: code, role, rate and event, for the test log. */
    String describe() {
        StringBuilder b = new StringBuilder("seed " + seed + ":");
        scenario.countries().forEach(c -> {
            b.append(String.format("%n  %s %-12s %.2f pkt/s, %2.0f%% backscatter, rhythm ±%2.0f%%", c.code(),
                    roles.get(c.code()), c.rate(), 100 * c.backscatterShare(), 100 * c.dailyAmplitude()));
            event(c.code()).ifPresent(e -> b.append(", ").append(e));
        });
        return b.toString();
    }
}
