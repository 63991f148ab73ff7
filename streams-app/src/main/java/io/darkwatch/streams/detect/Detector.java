package io.darkwatch.streams.detect;

import io.darkwatch.common.anomaly.AnomalyType;

/**
 * One kind of anomaly, judged per country and window against that country's own history.
 *
 * <p>To add a detector: implement this interface in this package (pure maths, no Kafka), add it to
 * {@link Detectors#standard}, and add its {@link AnomalyType} in common if it reports a new kind.
 * Its history and episodes are kept per {@link #name()} by {@link CountryMonitor}, so nothing in the
 * topology changes.
 */
public interface Detector {

    /** Stable name, used in episode ids, the anomaly's {@code detector} field and the state store. */
    String name();

    AnomalyType type();

    /**
     * Name of the trailing history this detector keeps per country; {@link #name()} unless the
     * detector can follow different signals, so that a history of one signal is never judged as
     * the other's (a start-up switch starts a fresh history instead).
     */
    default String historyName() {
        return name();
    }

    /** The number this detector follows, kept in the trailing history. */
    long signal(WindowObservation window);

    /**
     * Judges a window against the history of earlier windows (the window itself is not in it yet).
     */
    Evaluation evaluate(WindowObservation window, TrailingHistory history);
}
