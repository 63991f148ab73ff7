package io.darkwatch.streams.detect;

/** What a detector concluded about one window. */
public enum Verdict {
    /** The window is anomalous: it counts towards opening an episode and is kept out of the baseline. */
    ANOMALOUS,
    /** The window looks normal. */
    NORMAL,
    /**
     * The detector makes no claim: too little history or too small a baseline to tell. Counts as
     * not anomalous (the window joins the baseline, an open episode moves towards resolution).
     */
    NO_BASELINE
}
