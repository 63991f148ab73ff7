package io.darkwatch.streams.query;

import java.util.Objects;

/**
 * One line of a top-N table: the seed report's "rank, port (or country), packets, previous rank".
 *
 * @param rank         1-based competition rank in the period: entries with equal counts share a rank
 *                     and the next rank skips (1, 2, 2, 4)
 * @param key          the port or country
 * @param count        packets (or the ranked signal) in the period
 * @param previousRank the rank in the period of the same length just before, ranked the same way over
 *                     everything seen then (not only its top N); null when it was not seen then ("new")
 */
public record RankedEntry<K>(int rank, K key, long count, Integer previousRank) {
    public RankedEntry {
        Objects.requireNonNull(key, "key");
        if (rank < 1) {
            throw new IllegalArgumentException("rank " + rank + " is not 1 or more");
        }
        if (count < 1) {
            throw new IllegalArgumentException("count " + count + " of " + key + " is not 1 or more");
        }
        if (previousRank != null && previousRank < 1) {
            throw new IllegalArgumentException("previous rank " + previousRank + " is not 1 or more");
        }
    }

    /** True when the key was not seen in the previous period. */
    public boolean isNew() {
        return previousRank == null;
    }
}
