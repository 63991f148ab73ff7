package io.darkwatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PortCountsTest {

    @Test
    void shouldCountLikeAMapOverAllPorts() {
        // Given every port once and a random tenth of them many times more
        PortCounts counts = new PortCounts();
        Map<Integer, Long> expected = new HashMap<>();
        Random rnd = new Random(11);
        for (int port = 0; port <= 0xffff; port++) {
            counts.add(port, 1);
            expected.merge(port, 1L, Long::sum);
        }
        for (int i = 0; i < 200_000; i++) {
            int port = rnd.nextInt(6554) * 10;
            counts.add(port, 3);
            expected.merge(port, 3L, Long::sum);
        }

        assertEquals(65_536, counts.size());
        assertEquals(expected, counts.toMap());
        assertEquals(expected.get(0), counts.get(0));
    }

    @Test
    void shouldReturnZeroForPortsNeverSeenAndRejectOthers() {
        PortCounts counts = new PortCounts();
        counts.add(443, 2);
        assertEquals(0, counts.get(80));
        assertEquals(2, counts.get(443));
        assertThrows(IllegalArgumentException.class, () -> counts.add(65_536, 1));
        assertThrows(IllegalArgumentException.class, () -> counts.add(-1, 1));
    }

    @Test
    void shouldPickTheTopCountsExactlyAsAFullSortWould() {
        // Given counts with many ties, from a few ports to all of them, for several n
        Random rnd = new Random(5);
        for (int ports : new int[] {0, 3, 10, 11, 500, 65_536}) {
            PortCounts counts = new PortCounts();
            for (int i = 0; i < ports; i++) {
                counts.add(ports == 65_536 ? i : rnd.nextInt(65_536), 1 + rnd.nextInt(4));
            }
            Map<Integer, Long> map = counts.toMap();
            for (int n : new int[] {1, 10, 1000}) {
                // Then the heap's choice is the sort's: largest first, ties by the smaller port, rest summed
                List<Map.Entry<Integer, Long>> sorted = map.entrySet().stream()
                        .sorted(Map.Entry.<Integer, Long>comparingByValue(Comparator.reverseOrder())
                                .thenComparing(Map.Entry.comparingByKey())).toList();
                List<Map.Entry<Integer, Long>> top = sorted.subList(0, Math.min(n, sorted.size()));
                long rest = sorted.subList(top.size(), sorted.size()).stream().mapToLong(Map.Entry::getValue).sum();
                TopCounts<Integer> fromArrays = counts.top(n);
                TopCounts<Integer> fromMap = TopCounts.of(map, n);
                assertEquals(top, List.copyOf(fromArrays.top().entrySet()), ports + " ports, n " + n);
                assertEquals(rest, fromArrays.rest(), ports + " ports, n " + n);
                assertEquals(top, List.copyOf(fromMap.top().entrySet()), ports + " ports, n " + n);
                assertEquals(rest, fromMap.rest(), ports + " ports, n " + n);
            }
        }
    }
}
