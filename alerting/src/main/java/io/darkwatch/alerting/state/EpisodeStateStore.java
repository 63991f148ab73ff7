package io.darkwatch.alerting.state;

import java.util.List;

/** Where the alerting service keeps what it has handled, so a restart or rebalance does not alert again. */
public interface EpisodeStateStore extends AutoCloseable {

    /** Nothing kept outside the process (local replays): deduplication then lasts one run only. */
    EpisodeStateStore MEMORY_ONLY = new EpisodeStateStore() {
        @Override
        public List<AlertedEpisode> catchUp() {
            return List.of();
        }

        @Override
        public void save(AlertedEpisode episode) {
        }

        @Override
        public void close() {
        }
    };

    /**
     * Reads up to what is stored now and returns what was recorded since the previous call (all of
     * it on the first), for this service's group only. Called on start and on every partition
     * assignment, from the poll thread.
     *
     * @throws IllegalStateException when the store cannot be read (e.g. its topic does not exist)
     */
    List<AlertedEpisode> catchUp();

    /** Stores this state and returns once it is durable, so that the event's offset may be committed after it. */
    void save(AlertedEpisode episode);

    @Override
    void close();
}
