package io.darkwatch.alerting.config;

/**
 * Where a consumer group that has no committed offsets yet starts reading. Once the group has
 * committed, it always resumes from its offsets.
 */
public enum StartPosition {
    /** Everything still on the topic: for replays and tests. A first deployment would re-alert history. */
    EARLIEST,
    /** Only events written from now on: the safe choice for a first deployment. */
    LATEST;

    /** The consumer's {@code auto.offset.reset} value. */
    public String offsetReset() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
