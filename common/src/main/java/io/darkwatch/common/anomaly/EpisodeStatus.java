package io.darkwatch.common.anomaly;

/** Where an episode is in its life: one OPEN, any number of ONGOING updates, one RESOLVED. */
public enum EpisodeStatus {
    OPEN,
    ONGOING,
    RESOLVED
}
