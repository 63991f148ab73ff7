package io.darkwatch.common.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PacketBlockCodecTest {

    private static PacketSummary randomPacket(Random rnd, long ts, String country, String sensor) {
        boolean v6 = rnd.nextInt(5) == 0;
        IpAddress src = v6 ? new IpAddress(rnd.nextLong(), rnd.nextLong()) : IpAddress.ofV4(rnd.nextInt());
        IpAddress dst = v6 ? new IpAddress(rnd.nextLong(), rnd.nextLong()) : IpAddress.ofV4(rnd.nextInt());
        int kind = rnd.nextInt(3);
        int protocol = kind == 0 ? IpProtocol.TCP : kind == 1 ? IpProtocol.UDP : (v6 ? IpProtocol.ICMPV6 : IpProtocol.ICMP);
        boolean icmp = kind == 2;
        return new PacketSummary(ts, sensor, src, dst, protocol, icmp ? 0 : rnd.nextInt(65536),
                icmp ? 0 : rnd.nextInt(65536), kind == 0 ? rnd.nextInt(512) : 0, icmp ? rnd.nextInt(256) : -1,
                icmp ? rnd.nextInt(256) : -1, rnd.nextInt(256), rnd.nextInt(70_000), country,
                rnd.nextInt(5) == 0 ? -rnd.nextInt(1000) : rnd.nextInt(400_000), rnd.nextInt(1 << 16));
    }

    private static PacketBlock randomBlock(Random rnd, int size) {
        List<PacketSummary> packets = new ArrayList<>();
        long ts = 1_643_673_600_000_000_000L + rnd.nextInt(1_000_000);
        for (int i = 0; i < size; i++) {
            // Mostly forward in time, sometimes backwards: a block keeps capture order, not sorted order.
            ts += rnd.nextInt(10) == 0 ? -rnd.nextInt(5_000_000) : rnd.nextInt(50_000_000);
            packets.add(randomPacket(rnd, ts, "UA", "sensor-1"));
        }
        return new PacketBlock("UA", "sensor-1", packets);
    }

    @Test
    void shouldRoundTripBlocksOfMixedPacketsExactly() {
        Random rnd = new Random(42);
        for (int round = 0; round < 200; round++) {
            PacketBlock block = randomBlock(rnd, 1 + rnd.nextInt(300));
            assertEquals(block, PacketBlockCodec.decode(PacketBlockCodec.encode(block)), "round " + round);
        }
    }

    @Test
    void shouldTakeFewerBytesPerIpv4PacketThanVersionOne() {
        List<PacketSummary> packets = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            packets.add(new PacketSummary(1_643_673_600_000_000_000L + i * 2_000_000L, "sensor-1",
                    IpAddress.parse("192.0.2." + (i % 250)), IpAddress.parse("198.51.100.1"), IpProtocol.TCP, 443,
                    40_000 + i, TcpFlags.SYN | TcpFlags.ACK, -1, -1, 57, 60, "UA", 12345, 0));
        }
        int v1 = packets.stream().mapToInt(p -> PacketSummaryCodec.encode(p).length).sum();
        int v2 = PacketBlockCodec.encode(new PacketBlock("UA", "sensor-1", packets)).length;
        assertTrue(v2 < v1 * 0.6, "version 2 takes " + v2 + " bytes, version 1 " + v1);
    }

    @Test
    void shouldReadAVersionOneRecordAsABlockOfOne() {
        PacketSummary p = randomPacket(new Random(1), 5_000_000L, "KZ", "s");
        assertEquals(PacketBlock.of(p), PacketBlockCodec.decode(PacketSummaryCodec.encode(p)));
    }

    @Test
    void shouldRejectEveryTruncationAndTrailingBytes() {
        byte[] bytes = PacketBlockCodec.encode(randomBlock(new Random(7), 20));
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThrows(IllegalArgumentException.class, () -> PacketBlockCodec.decode(cut), "cut at " + length);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PacketBlockCodec.decode(Arrays.copyOf(bytes, bytes.length + 3)));
        assertTrue(e.getMessage().contains("3 bytes after"), e.getMessage());
    }

    @Test
    void shouldRejectUnknownVersionsNamingThem() {
        byte[] bytes = PacketBlockCodec.encode(randomBlock(new Random(3), 2));
        bytes[0] = 7;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PacketBlockCodec.decode(bytes));
        assertTrue(e.getMessage().contains("version 7"), e.getMessage());
    }

    @Test
    void shouldRejectBitFlippedBlocksOnlyWithIllegalArgument() {
        Random rnd = new Random(99);
        byte[] bytes = PacketBlockCodec.encode(randomBlock(rnd, 50));
        for (int i = 0; i < 20_000; i++) {
            byte[] flipped = bytes.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int f = 0; f < flips; f++) {
                flipped[rnd.nextInt(flipped.length)] ^= (byte) (1 << rnd.nextInt(8));
            }
            try {
                PacketBlockCodec.decode(flipped);
            } catch (IllegalArgumentException expected) {
                // a clear rejection is fine; anything else would crash a consumer
            } catch (RuntimeException e) {
                fail("flip " + i + " threw " + e);
            }
        }
    }

    @Test
    void shouldRefuseBlocksMixingCountriesOrSensors() {
        Random rnd = new Random(5);
        PacketSummary ua = randomPacket(rnd, 1, "UA", "s");
        PacketSummary kz = randomPacket(rnd, 2, "KZ", "s");
        assertThrows(IllegalArgumentException.class, () -> new PacketBlock("UA", "s", List.of(ua, kz)));
        assertThrows(IllegalArgumentException.class, () -> new PacketBlock("UA", "s", List.of()));
        assertEquals(0L, new PacketBlock("UA", "s", List.of(ua)).newestTimestampMillis());
    }

    @Test
    void shouldKnowItsOldestAndNewestPacketWhateverTheirOrder() {
        Random rnd = new Random(8);
        PacketBlock block = new PacketBlock("UA", "s", List.of(randomPacket(rnd, 5_700_000L, "UA", "s"),
                randomPacket(rnd, 2_300_000L, "UA", "s"), randomPacket(rnd, 9_100_000L, "UA", "s")));
        assertEquals(2L, block.oldestTimestampMillis());
        assertEquals(9L, block.newestTimestampMillis());
    }
}
