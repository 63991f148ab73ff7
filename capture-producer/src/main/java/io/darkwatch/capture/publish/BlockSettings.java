package io.darkwatch.capture.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When an open block of one country's packets is sent (whichever comes first).
 *
 * @param maxPackets   packets per block: the block is sent when it holds this many. Larger blocks cost
 *                     less per packet (one record, one header, better compression), see the README's
 *                     benchmark; 1 sends every packet as its own record
 * @param maxEventSpan event time: a block is sent once its oldest packet is more than this older than
 *                     the newest packet seen (of any country). Bounds how late a packet of a slow
 *                     country reaches the topology; keep it well under the streams app's window grace
 * @param linger       wall time: a block is sent once it has been open this long, so a quiet link
 *                     (live capture, few packets per second) never holds packets back
 */
public record BlockSettings(int maxPackets, Duration maxEventSpan, Duration linger) {
    /** Chosen by the publishing benchmark (README, performance): beyond it the gain per packet is small. */
    public static final int DEFAULT_MAX_PACKETS = 512;
    public static final Duration DEFAULT_MAX_EVENT_SPAN = Duration.ofSeconds(1);
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(200);
    /** The codec reads at most 2^20 packets per block; far more than a record should hold anyway. */
    static final int LIMIT_PACKETS = 65_536;

    public static final BlockSettings DEFAULTS = new BlockSettings(DEFAULT_MAX_PACKETS, DEFAULT_MAX_EVENT_SPAN,
            DEFAULT_LINGER);

    /** Checks every field and reports all problems at once. */
    public BlockSettings {
        List<String> problems = problems(maxPackets, maxEventSpan, linger);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid block settings: " + String.join("; ", problems));
        }
    }

    /** Every problem with these values (empty when they are fine), for callers that gather problems. */
    public static List<String> problems(int maxPackets, Duration maxEventSpan, Duration linger) {
        List<String> problems = new ArrayList<>();
        if (maxPackets < 1 || maxPackets > LIMIT_PACKETS) {
            problems.add("block size must be 1.." + LIMIT_PACKETS + " packets, not " + maxPackets);
        }
        if (maxEventSpan == null || maxEventSpan.isNegative() || maxEventSpan.isZero()
                || maxEventSpan.compareTo(Duration.ofMinutes(1)) > 0) {
            problems.add("block event-time span must be above 0 and at most 1 minute, not " + maxEventSpan);
        }
        if (linger == null || linger.isNegative() || linger.isZero() || linger.compareTo(Duration.ofMinutes(1)) > 0) {
            problems.add("block linger must be above 0 and at most 1 minute, not " + linger);
        }
        return problems;
    }
}
