package io.darkwatch.streams.detect;

/**
 * The last {@code capacity} values of one detector's signal for one country, each with a flag that
 * says whether that window was anomalous. Flagged windows stay in the history (so its length is a
 * time span) but are left out of the baseline, as IODA's {@code ignore_alerted_history} does: an
 * outage must not lower the level it is measured against.
 *
 * <p>A ring buffer of primitives: it is read once per window per country and written to the state
 * store, so it stays small and allocation-free.
 */
public final class TrailingHistory {
    private final long[] values;
    private final boolean[] flagged;
    private int start;
    private int size;

    public TrailingHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        values = new long[capacity];
        flagged = new boolean[capacity];
    }

    /** Appends the newest window, dropping the oldest when full. */
    public void add(long value, boolean anomalous) {
        int at;
        if (size < values.length) {
            at = (start + size) % values.length;
            size++;
        } else {
            at = start;
            start = (start + 1) % values.length;
        }
        values[at] = value;
        flagged[at] = anomalous;
    }

    public int capacity() {
        return values.length;
    }

    public int size() {
        return size;
    }

    /** The i-th value, 0 being the oldest. */
    public long value(int i) {
        return values[index(i)];
    }

    /** Whether the i-th window (0 the oldest) was anomalous. */
    public boolean flagged(int i) {
        return flagged[index(i)];
    }

    /** The values of the windows that were not anomalous, oldest first: what a baseline is made of. */
    public long[] unflaggedValues() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (!flagged[index(i)]) {
                n++;
            }
        }
        long[] out = new long[n];
        int j = 0;
        for (int i = 0; i < size; i++) {
            int k = index(i);
            if (!flagged[k]) {
                out[j++] = values[k];
            }
        }
        return out;
    }

    public void clear() {
        start = 0;
        size = 0;
    }

    private int index(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i + " not in a history of " + size);
        }
        return (start + i) % values.length;
    }
}
