package io.darkwatch.common.anomaly;

/**
 * Keys of {@link Anomaly#details()}: written by the detectors, read by alerting and by users'
 * consumers, documented in the README ("The anomaly event"). One place, so writer and readers
 * cannot drift apart. Keys are only ever added.
 */
public final class AnomalyDetails {
    /**
     * Backscatter: {@code [{address, packets, asn}]}, the victims sending most SYN/ACK in the window;
     * {@code asn} only when the capture had an ASN database.
     */
    public static final String TOP_VICTIMS = "topVictims";
    /** Backscatter: {@code [{port, packets}]}, the source ports the victims answered from (80/443 for web servers). */
    public static final String VICTIM_PORTS = "victimPorts";
    /** Backscatter: how many distinct victims answered in the window. */
    public static final String DISTINCT_VICTIMS = "distinctVictims";
    /** Backscatter: SYN/ACK packets in the window. */
    public static final String SYN_ACK = "synAck";
    /** The baseline the window was compared with. */
    public static final String BASELINE = "baseline";
    /** Outage: observed / baseline. */
    public static final String RATIO = "ratio";
    /** Outage: 1 − ratio. */
    public static final String DROP_RATIO = "dropRatio";
    /** Anomalous windows so far in the episode. */
    public static final String ANOMALOUS_WINDOWS = "anomalousWindows";
    /** RESOLVED: episode length in seconds. */
    public static final String DURATION_SECONDS = "durationSeconds";
    /** RESOLVED: the most extreme observed value of the episode. */
    public static final String PEAK_OBSERVED = "peakObserved";
    /** RESOLVED: {@code recovered}, or {@code no-baseline} when the episode outlived the baseline history. */
    public static final String RESOLUTION = "resolution";

    /** Outage: which baseline was used, {@code trailing} or {@code time-of-day}. */
    public static final String BASELINE_KIND = "baselineKind";
    /** Scan surge: {@code [{port, packets}]}, the most-scanned destination ports in the window. */
    public static final String SCANNED_PORTS = "scannedPorts";
    /** Scan surge: scan packets (SYN without ACK) in the window. */
    public static final String SCAN_PACKETS = "scanPackets";
    /** Scan sweep: {@code [{netblock, ports}]}, the netblocks probing most distinct ports. */
    public static final String SWEEPING_NETBLOCKS = "sweepingNetblocks";

    /**
     * Backscatter: {@code [{address, asn, start, end, durationSeconds, packets, maxPacketsPer60s}]}, the
     * largest DDoS attacks on single victims in the window by corsaro's rule (≥ 25 packets, ≥ 60 s,
     * ≥ 30 packets in some 60 s window); {@code asn} is 0 without an ASN database.
     */
    public static final String ATTACKS = "attacks";
    /** Backscatter: how many attacks by corsaro's rule the window held in all. */
    public static final String ATTACK_COUNT = "attackCount";

    /** Inside TOP_VICTIMS and ATTACKS entries. */
    public static final String ADDRESS = "address";
    /** Inside VICTIM_PORTS entries. */
    public static final String PORT = "port";
    /** Inside the lists' entries. */
    public static final String PACKETS = "packets";
    /** Inside TOP_VICTIMS and ATTACKS entries: the victim's autonomous system number. */
    public static final String ASN = "asn";
    /**
     * Inside top-victim and attack entries: the name of the victim's autonomous system, when the streams
     * app has an ASN database ({@code --asn-db}), e.g. {@code "Example Org"}.
     */
    public static final String AS_ORGANIZATION = "asOrganization";
    /** Inside ATTACKS entries: ISO-8601 instants. */
    public static final String START = "start";
    /** Inside ATTACKS entries. */
    public static final String END = "end";
    /** Inside ATTACKS entries. */
    public static final String MAX_PACKETS_PER_60S = "maxPacketsPer60s";

    private AnomalyDetails() {
    }
}
