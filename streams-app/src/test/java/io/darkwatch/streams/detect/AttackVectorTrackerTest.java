package io.darkwatch.streams.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttackVectorTrackerTest {
    private static final long T0 = Instant.parse("2022-02-15T14:00:00Z").toEpochMilli();

    private static List<VictimAttack> track(long... times) {
        AttackVectorTracker tracker = new AttackVectorTracker("198.51.100.7");
        for (long t : times) {
            tracker.add(t, 25_482);
        }
        return tracker.finish();
    }

    /** {@code n} packets evenly over [from, from + spanMillis]. */
    private static long[] even(long from, long spanMillis, int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = from + spanMillis * i / (n - 1);
        }
        return t;
    }

    @Test
    void shouldReportAnAttackOfEnoughPacketsDurationAndRate() {
        // 90 packets over 90 s: 60 in the busiest minute
        List<VictimAttack> attacks = track(even(T0, 90_000, 91));

        assertEquals(1, attacks.size());
        VictimAttack a = attacks.get(0);
        assertEquals("198.51.100.7", a.victim());
        assertEquals(25_482, a.asn());
        assertEquals(Instant.ofEpochMilli(T0), a.start());
        assertEquals(90, a.durationSeconds());
        assertEquals(91, a.packets());
        assertEquals(60, a.maxPacketsPer60s(), "six 10 s buckets of 10 packets");
    }

    @Test
    void shouldNotReportAVectorThatIsTooShortTooSmallOrTooSlow() {
        assertEquals(List.of(), track(even(T0, 50_000, 100)), "lasts 50 s");
        assertEquals(List.of(), track(even(T0, 70_000, 24)), "24 packets");
        // 40 packets over 170 s with gaps under a minute: never 30 in one minute
        assertEquals(List.of(), track(even(T0, 170_000, 40)), "about 14 per minute");
    }

    @Test
    void shouldSplitVectorsAtAMinuteOfSilence() {
        long[] first = even(T0, 65_000, 40);
        long[] second = even(T0 + 65_000 + 60_000, 65_000, 40);
        long[] all = new long[80];
        System.arraycopy(first, 0, all, 0, 40);
        System.arraycopy(second, 0, all, 40, 40);

        List<VictimAttack> attacks = track(all);

        assertEquals(2, attacks.size());
        assertEquals(40, attacks.get(0).packets());
        assertEquals(Instant.ofEpochMilli(T0 + 125_000), attacks.get(1).start());
    }
}
