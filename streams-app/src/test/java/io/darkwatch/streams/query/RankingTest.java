package io.darkwatch.streams.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankingTest {
    private static final Comparator<Integer> PORTS = Comparator.naturalOrder();

    @Test
    void shouldListTheLargestCountsFirstWithTheirRankInThePreviousPeriod() {
        // Given this week's and last week's packets per port
        Map<Integer, Long> now = Map.of(443, 900L, 80, 700L, 23, 500L, 22, 100L);
        Map<Integer, Long> before = Map.of(80, 800L, 443, 600L, 22, 400L, 23, 50L);

        // When the top three are ranked
        List<RankedEntry<Integer>> table = Ranking.top(now, before, 3, PORTS);

        // Then they are 443, 80, 23 with their previous ranks 2, 1 and 4 (23 was below the top three then)
        assertEquals(List.of(new RankedEntry<>(1, 443, 900L, 2), new RankedEntry<>(2, 80, 700L, 1),
                new RankedEntry<>(3, 23, 500L, 4)), table);
    }

    @Test
    void shouldMarkAnEntryNotSeenInThePreviousPeriodAsNew() {
        List<RankedEntry<String>> table = Ranking.top(Map.of("UA", 50L, "KZ", 40L), Map.of("KZ", 10L, "UA", 0L),
                10, Comparator.naturalOrder());

        assertTrue(table.get(0).isNew(), "UA had zero packets before: " + table);
        assertEquals(1, table.get(1).previousRank());
    }

    @Test
    void shouldGiveEqualCountsTheSameRankAndSkipTheNextRanks() {
        // Given two ports tied for second place now, and two tied for first before
        Map<Integer, Long> now = Map.of(1, 10L, 3, 5L, 2, 5L, 4, 1L);
        Map<Integer, Long> before = Map.of(4, 7L, 3, 7L, 1, 2L);

        List<RankedEntry<Integer>> table = Ranking.top(now, before, 4, PORTS);

        // Then ranks read 1, 2, 2, 4, tied ports in key order, and the previous ranks 3, new, 1, 1
        assertEquals(List.of(new RankedEntry<>(1, 1, 10L, 3), new RankedEntry<>(2, 2, 5L, null),
                new RankedEntry<>(2, 3, 5L, 1), new RankedEntry<>(4, 4, 1L, 1)), table);
    }

    @Test
    void shouldCutTiesAtTheTopNByKeyAndKeepTheSharedRank() {
        List<RankedEntry<Integer>> table = Ranking.top(Map.of(9, 3L, 8, 3L, 7, 3L), Map.of(), 2, PORTS);

        assertEquals(List.of(new RankedEntry<>(1, 7, 3L, null), new RankedEntry<>(1, 8, 3L, null)), table);
    }

    @Test
    void shouldLeaveZeroCountsOutOfTheTable() {
        assertEquals(List.of(new RankedEntry<>(1, 5, 1L, null)), Ranking.top(Map.of(5, 1L, 6, 0L), Map.of(), 5,
                PORTS));
        assertEquals(List.of(), Ranking.top(Map.of(), Map.of(1, 4L), 5, PORTS));
    }

    @Test
    void shouldRankLikeCountingHowManyHaveMoreOnRandomTotals() {
        // Given random totals with many ties, over many seeds
        for (int seed = 0; seed < 200; seed++) {
            Random random = new Random(seed);
            Map<Integer, Long> now = new HashMap<>();
            Map<Integer, Long> before = new HashMap<>();
            for (int port = 0; port < 30; port++) {
                now.put(port, (long) random.nextInt(6));
                before.put(port, (long) random.nextInt(6));
            }
            int n = 1 + random.nextInt(30);

            List<RankedEntry<Integer>> table = Ranking.top(now, before, n, PORTS);

            // Then every rank is one more than the number of keys with a larger count, in both periods
            long positive = now.values().stream().filter(c -> c > 0).count();
            assertEquals(Math.min(n, positive), table.size(), "seed " + seed);
            for (RankedEntry<Integer> e : table) {
                assertEquals(1 + now.values().stream().filter(c -> c > e.count()).count(), e.rank(), "seed " + seed);
                long previous = before.get(e.key());
                Integer expected = previous == 0 ? null
                        : (int) (1 + before.values().stream().filter(c -> c > previous).count());
                assertEquals(expected, e.previousRank(), "seed " + seed + " port " + e.key());
            }
            for (int i = 1; i < table.size(); i++) {
                RankedEntry<Integer> a = table.get(i - 1);
                RankedEntry<Integer> b = table.get(i);
                assertTrue(a.count() > b.count() || a.count() == b.count() && a.key() < b.key(), "seed " + seed);
            }
        }
    }

    @Test
    void shouldRefuseATableOfNoEntries() {
        assertThrows(IllegalArgumentException.class, () -> Ranking.top(Map.of(1, 1L), Map.of(), 0, PORTS));
    }
}
