package io.darkwatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.darkwatch.common.json.JsonSerde;
import io.darkwatch.common.signal.CountryWindow;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DailyTotalsTest {
    private static final Instant DAY = Instant.parse("2025-03-01T00:00:00Z");

    private static CountryWindow window(String country, Instant start, long packets, Map<Integer, Long> ports,
            long otherPorts) {
        return new CountryWindow(country, start, start.plusSeconds(300), packets, 1, 2, 3, Map.of(2, 3L, 18, 1L),
                ports, otherPorts, Map.of(), Map.of());
    }

    @Test
    void shouldSumEveryWindowOfTheDayOnce() {
        // Given two windows of KZ on the same day
        DailyTotals d = DailyTotals.of(window("KZ", DAY.plusSeconds(600), 10, Map.of(23, 6L, 22, 2L), 2))
                .plus(window("KZ", DAY.plusSeconds(900), 5, Map.of(23, 1L, 445, 3L), 1));

        // Then the day holds their sums
        assertEquals(DAY, d.day());
        assertEquals(2, d.windows());
        assertEquals(15, d.packets());
        assertEquals(2, d.synAck());
        assertEquals(4, d.backscatter());
        assertEquals(6, d.scan());
        assertEquals(Map.of(2, 6L, 18, 2L), d.flagCounts());
        assertEquals(Map.of(23, 7L, 22, 2L, 445, 3L), d.dstPortCounts());
        assertEquals(3, d.otherPortPackets());
        // and a window already summed (a repeat, or an older one) changes nothing
        assertSame(d, d.plus(window("KZ", DAY.plusSeconds(900), 5, Map.of(), 0)));
        assertSame(d, d.plus(window("KZ", DAY.plusSeconds(600), 10, Map.of(), 0)));
    }

    @Test
    void shouldKeepTheLargestPortsAndAddTheRestToTheOtherPorts() {
        Map<Integer, Long> ports = new HashMap<>();
        for (int p = 1; p <= DailyTotals.MAX_PORTS + 5; p++) {
            ports.put(p, (long) p);
        }
        DailyTotals d = DailyTotals.of(window("US", DAY, 0, ports, 100));

        assertEquals(DailyTotals.MAX_PORTS, d.dstPortCounts().size());
        assertEquals(DailyTotals.MAX_PORTS + 5, d.dstPortCounts().keySet().iterator().next());
        // ports 1..5 (15 packets) were folded into the other ports
        assertEquals(100 + 15, d.otherPortPackets());
    }

    @Test
    void shouldRefuseAWindowOfAnotherCountryOrDay() {
        DailyTotals d = DailyTotals.of(window("KZ", DAY, 1, Map.of(), 0));

        assertThrows(IllegalArgumentException.class, () -> d.plus(window("UA", DAY.plusSeconds(300), 1, Map.of(), 0)));
        assertThrows(IllegalArgumentException.class, () -> d.plus(window("KZ", DAY.plusSeconds(86_400), 1, Map.of(),
                0)));
    }

    @Test
    void shouldReadBackWhatItWroteAsJson() {
        DailyTotals d = DailyTotals.of(window("KZ", DAY.plusSeconds(600), 10, Map.of(23, 6L, 22, 2L), 2));
        JsonSerde<DailyTotals> serde = new JsonSerde<>(DailyTotals.class);

        assertEquals(d, serde.deserializer().deserialize("t", serde.serializer().serialize("t", d)));
    }
}
