package io.darkwatch.streams.quality;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.simulator.scenario.ScenarioEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Judges the anomaly events of one {@link SweepCase} against the quality goals:
 * <ul>
 *   <li>a {@link Role#SURGE} country has exactly one episode, a backscatter surge, whose onset is
 *       in the window the surge began in or at most two windows later, and which is resolved;</li>
 *   <li>an {@link Role#OUTAGE} country likewise, with an outage;</li>
 *   <li>every other country has no episode at all (scan bursts may be reported as scan surges where
 *       the scan detector is on, and as nothing else).</li>
 * </ul>
 */
final class QualityVerdict {
    /** The goal: the reported onset at most this many windows after the window the event began in. */
    static final int MAX_ONSET_LAG_WINDOWS = 2;

    private QualityVerdict() {
    }

    /** One line per goal missed, naming the seed, the country and what went wrong; empty when all are met. */
    static List<String> failures(SweepCase sweep, List<Anomaly> anomalies, long windowMillis) {
        List<String> failures = new ArrayList<>();
        for (String country : sweep.roles().keySet()) {
            Role role = sweep.roles().get(country);
            List<Anomaly> mine = anomalies.stream().filter(a -> a.country().equals(country)).toList();
            String where = "seed " + sweep.seed() + " " + country + " " + role + " "
                    + sweep.event(country).map(Object::toString).orElse("") + ": ";
            switch (role) {
                case SURGE -> failures.addAll(found(where, mine, AnomalyType.BACKSCATTER_SURGE,
                        sweep.event(country).orElseThrow(), windowMillis));
                case OUTAGE -> failures.addAll(found(where, mine, AnomalyType.OUTAGE,
                        sweep.event(country).orElseThrow(), windowMillis));
                case SCAN_BURST -> {
                    List<Anomaly> wrong = mine.stream().filter(a -> a.type() != AnomalyType.SCAN_SURGE).toList();
                    if (!wrong.isEmpty()) {
                        failures.add(where + "a scan burst was reported as " + summary(wrong));
                    }
                }
                default -> {
                    if (!mine.isEmpty()) {
                        failures.add(where + "false episode " + summary(mine));
                    }
                }
            }
        }
        anomalies.stream().filter(a -> !sweep.roles().containsKey(a.country())).findFirst()
                .ifPresent(a -> failures.add("seed " + sweep.seed() + ": episode of a country not in the scenario: "
                        + a));
        return failures;
    }

    private static List<String> found(String where, List<Anomaly> events, AnomalyType type, ScenarioEvent truth,
            long windowMillis) {
        List<String> failures = new ArrayList<>();
        List<Anomaly> wrongType = events.stream().filter(a -> a.type() != type).toList();
        if (!wrongType.isEmpty()) {
            failures.add(where + "also reported as " + summary(wrongType));
        }
        List<Anomaly> opens = events.stream().filter(a -> a.type() == type && a.status() == EpisodeStatus.OPEN)
                .toList();
        if (opens.size() != 1) {
            failures.add(where + opens.size() + " " + type + " episodes opened " + summary(events));
            return failures;
        }
        Anomaly open = opens.get(0);
        long eventWindow = Math.floorDiv(truth.start().toEpochMilli(), windowMillis) * windowMillis;
        long lag = Math.floorDiv(open.episodeStart().toEpochMilli() - eventWindow, windowMillis);
        if (lag < 0 || lag > MAX_ONSET_LAG_WINDOWS) {
            failures.add(where + "onset " + open.episodeStart() + " is " + lag + " windows from the event's window");
        }
        if (events.stream().noneMatch(a -> a.id().equals(open.id()) && a.status() == EpisodeStatus.RESOLVED)) {
            failures.add(where + "never resolved " + summary(events));
        }
        return failures;
    }

    private static String summary(List<Anomaly> events) {
        Set<String> lines = events.stream().filter(a -> a.status() != EpisodeStatus.ONGOING)
                .map(a -> a.type() + " " + a.status() + " " + a.episodeStart() + " (observed " + a.observed()
                        + ", expected " + a.expected() + ")")
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        return lines.toString();
    }
}
