package io.darkwatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
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
}
