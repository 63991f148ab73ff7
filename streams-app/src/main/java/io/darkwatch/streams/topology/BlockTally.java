package io.darkwatch.streams.topology;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.common.utils.Bytes;

/**
 * What one packet block adds to the signal-counts store, summed before the store is touched.
 *
 * <p>Why: store access (record cache, serialisation, changelog) is the topology's cost per
 * update, and packets of one block share most of their keys — the country totals, a few flag sets,
 * the popular ports, the same victim over and over. Summing first turns several hundred updates into
 * one per distinct key. Sketch items are kept as hashes in arrival order and added to the stored
 * sketch in one read and at most one write per key.
 */
final class BlockTally {
    private final Map<Bytes, long[]> counters = new HashMap<>();
    private final Map<Bytes, Hashes> sketches = new HashMap<>();

    /** Adds {@code deltas} element-wise to the counters of {@code key} (an array of 1 or {@link Counters#TOTALS_SIZE}). */
    void add(byte[] key, long... deltas) {
        long[] sum = counters.computeIfAbsent(Bytes.wrap(key), k -> new long[deltas.length]);
        for (int i = 0; i < deltas.length; i++) {
            sum[i] += deltas[i];
        }
    }

    void addToSketch(byte[] key, long hash) {
        sketches.computeIfAbsent(Bytes.wrap(key), k -> new Hashes()).add(hash);
    }

    void forEachCounter(BiConsumer<Bytes, long[]> action) {
        counters.forEach(action);
    }

    void forEachSketch(BiConsumer<Bytes, long[]> action) {
        sketches.forEach((key, hashes) -> action.accept(key, hashes.toArray()));
    }

    /** A growable list of primitive hashes: a boxed list would allocate per packet on the hot path. */
    private static final class Hashes {
        private long[] items = new long[8];
        private int size;

        void add(long hash) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = hash;
        }

        long[] toArray() {
            return Arrays.copyOf(items, size);
        }
    }
}
