package io.darkwatch.streams.quality;

/** What a country of a quality scenario does, and so what the detectors must say about it. */
enum Role {
    /** Backscatter that raises the country's packet rate to 2-4 times normal for 1-3 hours: must be found. */
    SURGE,
    /** A drop of 90-100 % of all the country's traffic for 1-3 hours: must be found. */
    OUTAGE,
    /**
     * A burst of SYN scans to a few ports at 5-20 times the country's rate for 10-60 minutes: no
     * backscatter or outage episode (a scan surge is right where the scan detectors are on).
     */
    SCAN_BURST,
    /** A port's share of the country's probes falling to 5-30 % of normal over 12-36 hours: no episode. */
    PORT_DECLINE,
    /** A country first heard some hours into the capture: no episode. */
    APPEAR,
    /** Nothing but its daily rhythm and Poisson arrivals: no episode. */
    QUIET
}
