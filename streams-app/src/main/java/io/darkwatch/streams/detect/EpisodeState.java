package io.darkwatch.streams.detect;

import io.darkwatch.common.anomaly.Severity;

/**
 * Where one detector stands for one country between windows: a run of anomalous windows not yet
 * long enough to open an episode, or an open episode. Immutable; {@link EpisodeTracker} makes the
 * next one.
 *
 * @param pendingRun          anomalous windows in a row while no episode is open
 * @param pendingStartMillis  start of the first window of that run, -1 when there is none
 * @param open                whether an episode is open
 * @param episodeStartMillis  start of the episode's first anomalous window (-1 when closed)
 * @param lastAnomalousEndMillis end of the episode's latest anomalous window (-1 when closed)
 * @param anomalousWindows    anomalous windows in the run or episode so far
 * @param normalRun           normal windows in a row within an open episode
 * @param windowsSinceReport  windows since the episode's last OPEN or ONGOING event
 * @param worst               worst severity of the run or episode, null when there is none
 * @param peakObserved        largest deviation's observed value: highest for surges, lowest for outages
 */
public record EpisodeState(
        int pendingRun,
        long pendingStartMillis,
        boolean open,
        long episodeStartMillis,
        long lastAnomalousEndMillis,
        int anomalousWindows,
        int normalRun,
        int windowsSinceReport,
        Severity worst,
        double peakObserved) {

    public static final EpisodeState IDLE = new EpisodeState(0, -1, false, -1, -1, 0, 0, 0, null, Double.NaN);

    public EpisodeState {
        if (pendingRun < 0 || anomalousWindows < 0 || normalRun < 0 || windowsSinceReport < 0) {
            throw new IllegalArgumentException("negative counter in " + this);
        }
        if (open && pendingRun != 0) {
            throw new IllegalArgumentException("an open episode has no pending run");
        }
    }
}
