package io.darkwatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.packet.IpAddress;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

class SignalKeysTest {

    @Test
    void shouldSortEveryKeyOfAWindowBeforeEveryKeyOfTheNextWindow() {
        long w = 1_704_067_200_000L;
        List<byte[]> keys = List.of(
                SignalKeys.victim(w, "ZZ", IpAddress.parse("2001:db8::ffff")),
                SignalKeys.withPort(w, "ZZ", SignalKeys.DST_PORT, 65535),
                SignalKeys.totals(w + 300_000, "AA"));
        assertTrue(Bytes.BYTES_LEXICO_COMPARATOR.compare(keys.get(0), keys.get(2)) < 0);
        assertTrue(Bytes.BYTES_LEXICO_COMPARATOR.compare(keys.get(1), keys.get(2)) < 0);
        for (byte[] k : keys.subList(0, 2)) {
            assertTrue(Arrays.equals(SignalKeys.windowPrefix(w), Arrays.copyOf(k, SignalKeys.PREFIX_LENGTH)));
        }
    }

    @Test
    void shouldReadBackWhatAKeyHolds() {
        long w = 1_704_067_200_000L;
        IpAddress victim = IpAddress.parse("198.51.100.7");
        byte[] k = SignalKeys.victim(w, "UA", victim);
        assertEquals(w, SignalKeys.windowStart(k));
        assertEquals("UA", SignalKeys.country(k));
        assertEquals(SignalKeys.VICTIM, SignalKeys.dimension(k));
        assertEquals(victim, SignalKeys.address(k));
        assertEquals(443, SignalKeys.u16(SignalKeys.withPort(w, "UA", SignalKeys.VICTIM_PORT, 443)));
    }
}
