package io.darkwatch.streams.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Counts per port (or any key in 0..65535, e.g. a TCP flag set): an open-addressing hash table of
 * primitive arrays.
 *
 * <p>Why hand-written: it is updated for nearly every packet, and one window of one country may see
 * all 65,536 ports. A {@code HashMap<Integer, Long>} costs about 60 bytes and two allocations per
 * port; this costs 12 bytes per slot and no allocation per update, which is what keeps the heap of
 * 250 countries × all ports small (README, "Performance").
 */
final class PortCounts {
    private static final int EMPTY = 0;
    private int[] keys = new int[16];       // key + 1, 0 = empty slot
    private long[] counts = new long[16];
    private int size;

    void add(int key, long n) {
        if (key < 0 || key > 0xffff) {
            throw new IllegalArgumentException("key out of range: " + key);
        }
        if ((size + 1) * 4 > keys.length * 3) {
            grow();
        }
        int mask = keys.length - 1;
        int slot = mix(key) & mask;
        while (keys[slot] != EMPTY && keys[slot] != key + 1) {
            slot = (slot + 1) & mask;
        }
        if (keys[slot] == EMPTY) {
            keys[slot] = key + 1;
            size++;
        }
        counts[slot] += n;
    }

    long get(int key) {
        int mask = keys.length - 1;
        int slot = mix(key) & mask;
        while (keys[slot] != EMPTY) {
            if (keys[slot] == key + 1) {
                return counts[slot];
            }
            slot = (slot + 1) & mask;
        }
        return 0;
    }

    int size() {
        return size;
    }

    /**
     * The {@code n} largest counts, largest first (ties by key), and the sum of the others: the same
     * as {@code TopCounts.of(toMap(), n)} without boxing every entry, since a window of one country may
     * hold all 65,536 ports and only ten are kept.
     */
    TopCounts<Integer> top(int n) {
        // Slots in a heap whose head is the smallest kept count, the one a larger count replaces.
        PriorityQueue<Integer> kept = new PriorityQueue<>(Math.max(1, n), (a, b) -> compareSlots(b, a));
        long rest = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == EMPTY) {
                continue;
            }
            if (kept.size() < n) {
                kept.add(i);
            } else if (n > 0 && compareSlots(i, kept.peek()) < 0) {
                rest += counts[kept.poll()];
                kept.add(i);
            } else {
                rest += counts[i];
            }
        }
        List<Integer> slots = new ArrayList<>(kept);
        slots.sort(this::compareSlots);
        Map<Integer, Long> top = new LinkedHashMap<>();
        slots.forEach(i -> top.put(keys[i] - 1, counts[i]));
        return new TopCounts<>(top, rest);
    }

    /** Negative when slot {@code a} comes first: the larger count, or the smaller key on a tie. */
    private int compareSlots(int a, int b) {
        int byCount = Long.compare(counts[b], counts[a]);
        return byCount != 0 ? byCount : Integer.compare(keys[a], keys[b]);
    }

    /** The counts as a map, for the few times a window closes (boxing is fine there). */
    Map<Integer, Long> toMap() {
        Map<Integer, Long> map = new HashMap<>(size * 2);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                map.put(keys[i] - 1, counts[i]);
            }
        }
        return map;
    }

    private void grow() {
        int[] oldKeys = keys;
        long[] oldCounts = counts;
        keys = new int[oldKeys.length * 2];
        counts = new long[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                add(oldKeys[i] - 1, oldCounts[i]);
            }
        }
    }

    /** Spreads sequential ports over the table (Fibonacci hashing). */
    private static int mix(int key) {
        return (key * 0x9E3779B9) >>> 16;
    }
}
