package io.darkwatch.capture.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.packet.PacketSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BlockAssemblerTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    private final AtomicLong wallMillis = new AtomicLong(5_000);
    private final List<PacketBlock> closed = new ArrayList<>();

    private BlockAssembler assembler(int maxPackets, Duration span, Duration linger) {
        return new BlockAssembler(new BlockSettings(maxPackets, span, linger), wallMillis::get);
    }

    private static PacketSummary packet(long timestampNanos, String country, int dstPort) {
        return new PacketSummary(timestampNanos, "s1", IpAddress.parse("198.51.100.7"), IpAddress.parse("192.0.2.1"),
                IpProtocol.TCP, 40000, dstPort, 0x002, -1, -1, 64, 60, country, 0, 0);
    }

    @Test
    void shouldCloseABlockWhenItHoldsTheMaximumNumberOfPacketsOfOneCountry() {
        // Given blocks of at most 3 packets
        BlockAssembler assembler = assembler(3, Duration.ofSeconds(1), Duration.ofSeconds(1));

        // When 4 packets from DE and 1 from FR arrive within a millisecond
        for (int i = 0; i < 4; i++) {
            assembler.add(packet(T0 + i * 1000, "DE", i), closed::add);
        }
        assembler.add(packet(T0 + 5000, "FR", 9), closed::add);

        // Then one full DE block is closed, holding the first three in capture order
        assertEquals(1, closed.size());
        assertEquals("DE", closed.get(0).country());
        assertEquals(List.of(0, 1, 2), closed.get(0).packets().stream().map(PacketSummary::dstPort).toList());
        assertEquals(2, assembler.openPackets());

        // And closing all hands over the rest, one block per country
        assembler.closeAll(closed::add);
        assertEquals(List.of(1, 1), closed.subList(1, 3).stream().map(PacketBlock::size).sorted().toList());
        assertTrue(assembler.isEmpty());
    }

    @Test
    void shouldCloseABlockWhoseOldestPacketFallsMoreThanTheSpanBehindTheNewestPacketSeen() {
        // Given a 1 s event-time span
        BlockAssembler assembler = assembler(1000, Duration.ofSeconds(1), Duration.ofMinutes(1));
        assembler.add(packet(T0, "KZ", 1), closed::add);
        assembler.add(packet(T0 + 500 * MS, "US", 2), closed::add);

        // When US traffic goes on to exactly 1 s after the KZ packet: not yet more than the span
        assembler.add(packet(T0 + 1000 * MS, "US", 3), closed::add);
        assertEquals(List.of(), closed);

        // Then one nanosecond later, the quiet country's block is sent, the busy one's stays open
        assembler.add(packet(T0 + 1000 * MS + 1, "US", 4), closed::add);
        assertEquals(1, closed.size());
        assertEquals("KZ", closed.get(0).country());
        assertEquals(3, assembler.openPackets());
    }

    @Test
    void shouldCloseBlocksOpenLongerThanTheLingerInWallTime() {
        // Given a 200 ms linger, a DE block opened at wall time 5.000 s and an FR block at 5.150 s
        BlockAssembler assembler = assembler(1000, Duration.ofSeconds(1), Duration.ofMillis(200));
        assembler.add(packet(T0, "DE", 1), closed::add);
        wallMillis.set(5_150);
        assembler.add(packet(T0 + 1, "FR", 2), closed::add);

        // When the wall clock reaches 5.199 s nothing lingered long enough; at 5.200 s DE did
        wallMillis.set(5_199);
        assembler.closeLingering(closed::add);
        assertEquals(0, closed.size());
        wallMillis.set(5_200);
        assembler.closeLingering(closed::add);

        // Then only DE is sent; FR follows at 5.350 s
        assertEquals(List.of("DE"), closed.stream().map(PacketBlock::country).toList());
        wallMillis.set(5_350);
        assembler.closeLingering(closed::add);
        assertEquals(List.of("DE", "FR"), closed.stream().map(PacketBlock::country).toList());
    }

    @Test
    void shouldKeepEveryFieldOfEveryPacketAcrossManyCountries() {
        // Given 10,000 packets over 5 s from 7 countries, out of order by up to 3 ms, in blocks of 64
        BlockAssembler assembler = assembler(64, Duration.ofSeconds(1), Duration.ofMinutes(1));
        List<PacketSummary> sent = new ArrayList<>();
        String[] countries = {"US", "CN", "RU", "DE", "BR", "ZZ", "KZ"};
        for (int i = 0; i < 10_000; i++) {
            PacketSummary p = packet(T0 + i * 500_000L - (i % 7) * 1_000_000L, countries[(i * 31) % 7], i % 65536);
            sent.add(p);
            assembler.add(p, closed::add);
        }

        // When the end is reached
        assembler.closeAll(closed::add);

        // Then the blocks hold exactly the packets sent, each country's in the order it was sent, none too big
        List<PacketSummary> received = closed.stream().flatMap(b -> b.packets().stream()).toList();
        assertEquals(sent.size(), received.size());
        assertEquals(new java.util.HashSet<>(sent), new java.util.HashSet<>(received));
        for (String c : countries) {
            assertEquals(sent.stream().filter(p -> p.country().equals(c)).toList(),
                    received.stream().filter(p -> p.country().equals(c)).toList(), c);
        }
        assertTrue(closed.stream().allMatch(b -> b.size() <= 64));
        // and no block spans more than the 1 s span plus the 3 ms disorder in event time
        for (PacketBlock b : closed) {
            long min = b.packets().stream().mapToLong(PacketSummary::timestampNanos).min().orElseThrow();
            long max = b.packets().stream().mapToLong(PacketSummary::timestampNanos).max().orElseThrow();
            assertTrue(max - min <= 1003 * MS, () -> "block spans " + (max - min) / MS + " ms");
        }
    }

    @Test
    void shouldRejectSettingsOutsideTheirRangesListingEveryProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BlockSettings(0, Duration.ZERO, Duration.ofMinutes(2)));

        assertEquals("invalid block settings: block size must be 1..65536 packets, not 0; block event-time span must"
                + " be above 0 and at most 1 minute, not PT0S; block linger must be above 0 and at most 1 minute,"
                + " not PT2M", e.getMessage());
    }
}
