package io.darkwatch.streams.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the DDoS attacks on one victim in its backscatter, as CAIDA's corsaro {@code dos} plugin
 * does: packets form an attack vector until the victim is idle for {@value #IDLE_MILLIS} ms; a
 * vector is an attack when it has at least {@value #MIN_PACKETS} packets, lasts at least
 * {@value #MIN_DURATION_MILLIS} ms and has at least {@value #MIN_PACKETS_PER_MINUTE} packets in some
 * 60 s window sliding in 10 s steps. (corsaro 3's thresholds and 60 s idle interval; field notes,
 * "Backscatter".)
 *
 * <p>darkwatch cuts vectors at its window boundaries: an attack longer than a window shows up in
 * each window it spans, with the part inside that window. Packets are expected in capture order; one
 * that is older than the newest seen is counted in the current vector at the newest time.
 *
 * <p>Cost per packet: a few arithmetic operations on a ring of six 10 s buckets, no allocation.
 */
public final class AttackVectorTracker {
    static final long IDLE_MILLIS = 60_000;
    static final long MIN_PACKETS = 25;
    static final long MIN_DURATION_MILLIS = 60_000;
    static final long MIN_PACKETS_PER_MINUTE = 30;
    private static final long STEP_MILLIS = 10_000;
    private static final int STEPS_PER_MINUTE = 6;

    private final String victim;
    private int asn;
    private long start = Long.MIN_VALUE;
    private long last;
    private long packets;
    private final long[] buckets = new long[STEPS_PER_MINUTE];
    private long currentStep;
    private long maxPerMinute;
    private List<VictimAttack> attacks;

    public AttackVectorTracker(String victim) {
        this.victim = victim;
    }

    public void add(long timeMillis, int victimAsn) {
        if (victimAsn != 0) {
            asn = victimAsn;
        }
        if (start != Long.MIN_VALUE && timeMillis - last >= IDLE_MILLIS) {
            finishVector();
        }
        if (start == Long.MIN_VALUE) {
            start = timeMillis;
            last = timeMillis;
            packets = 0;
            maxPerMinute = 0;
            java.util.Arrays.fill(buckets, 0);
            currentStep = Math.floorDiv(timeMillis, STEP_MILLIS);
        }
        long t = Math.max(timeMillis, last);
        long step = Math.floorDiv(t, STEP_MILLIS);
        // Buckets that slid out of the last minute start again from zero.
        for (long s = currentStep + 1; s <= step && s <= currentStep + STEPS_PER_MINUTE; s++) {
            buckets[(int) Math.floorMod(s, STEPS_PER_MINUTE)] = 0;
        }
        currentStep = step;
        buckets[(int) Math.floorMod(step, STEPS_PER_MINUTE)]++;
        long perMinute = 0;
        for (long b : buckets) {
            perMinute += b;
        }
        maxPerMinute = Math.max(maxPerMinute, perMinute);
        packets++;
        last = t;
    }

    /** The victim's autonomous system, as the newest packet that knew it said; 0 when none did. */
    public int asn() {
        return asn;
    }

    /** The attacks found, the open vector included if it qualifies; finishes the open vector. */
    public List<VictimAttack> finish() {
        finishVector();
        return attacks == null ? List.of() : List.copyOf(attacks);
    }

    private void finishVector() {
        if (start != Long.MIN_VALUE && packets >= MIN_PACKETS && last - start >= MIN_DURATION_MILLIS
                && maxPerMinute >= MIN_PACKETS_PER_MINUTE) {
            if (attacks == null) {
                attacks = new ArrayList<>(1);
            }
            attacks.add(new VictimAttack(victim, asn, Instant.ofEpochMilli(start), Instant.ofEpochMilli(last), packets,
                    maxPerMinute));
        }
        start = Long.MIN_VALUE;
    }
}
