package io.darkwatch.streams.detect;

import java.util.Objects;

/** One detector's memory for one country: its trailing history and where its episode stands. */
public final class DetectorTrack {
    private final TrailingHistory history;
    private EpisodeState episode;

    public DetectorTrack(TrailingHistory history, EpisodeState episode) {
        this.history = Objects.requireNonNull(history, "history");
        this.episode = Objects.requireNonNull(episode, "episode");
    }

    public static DetectorTrack empty(int capacity) {
        return new DetectorTrack(new TrailingHistory(capacity), EpisodeState.IDLE);
    }

    public TrailingHistory history() {
        return history;
    }

    public EpisodeState episode() {
        return episode;
    }

    void episode(EpisodeState next) {
        episode = Objects.requireNonNull(next, "next");
    }
}
