package io.darkwatch.streams.detect;

import java.time.Instant;
import java.util.Objects;

/**
 * One DDoS attack on one victim as seen in its backscatter, by corsaro's rule
 * ({@link AttackVectorTracker}).
 *
 * @param victim                the victim's address (the backscatter's source)
 * @param asn                   the victim's autonomous system, 0 when no ASN database is configured
 * @param start                 first backscatter packet of the attack
 * @param end                   last backscatter packet of the attack
 * @param packets               backscatter packets in the attack
 * @param maxPacketsPer60s      the most packets in any 60 s sliding window (10 s steps)
 */
public record VictimAttack(String victim, int asn, Instant start, Instant end, long packets, long maxPacketsPer60s) {

    public VictimAttack {
        Objects.requireNonNull(victim, "victim");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("attack ends " + end + " before it starts " + start);
        }
        if (packets < maxPacketsPer60s || maxPacketsPer60s < 0) {
            throw new IllegalArgumentException("attack of " + packets + " packets with " + maxPacketsPer60s
                    + " in one minute");
        }
    }

    public long durationSeconds() {
        return end.getEpochSecond() - start.getEpochSecond();
    }
}
