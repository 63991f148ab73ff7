package io.darkwatch.capture.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.capture.read.CaptureFrame;
import io.darkwatch.capture.read.Pcap4jFileReader;
import io.darkwatch.capture.testing.TestData;
import io.darkwatch.common.packet.PacketSummary;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and damaged frames: the decoder must answer every one with a result, never an exception
 * and never its own DECODER_ERROR safety net (which would mean a bug was caught, not avoided).
 */
class PacketDecoderFuzzTest {
    private static final int[] LINK_TYPES = {LinkTypes.NULL, LinkTypes.ETHERNET, LinkTypes.RAW_12, LinkTypes.RAW_14,
        LinkTypes.RAW, LinkTypes.LOOP, LinkTypes.LINUX_SLL, LinkTypes.IPV4, LinkTypes.IPV6, LinkTypes.LINUX_SLL2, 160};

    private final PacketDecoder decoder = new PacketDecoder("fuzz");

    @Test
    void shouldAnswerThousandsOfRandomFramesWithoutThrowing() {
        // Given seeded random frames of every link type, 0..160 bytes, with plausible first bytes half the time
        Random random = new Random(20260611L);
        Map<DecodeFailure, Integer> failures = new EnumMap<>(DecodeFailure.class);
        int decoded = 0;
        for (int i = 0; i < 5000; i++) {
            int linkType = LINK_TYPES[random.nextInt(LINK_TYPES.length)];
            byte[] data = new byte[random.nextInt(161)];
            random.nextBytes(data);
            if (random.nextBoolean()) {
                plausibleHeaders(data, linkType, random);
            }
            // When decoded
            DecodeResult r = decoder.decode(linkType, random.nextLong(), data, data.length, data.length + random.nextInt(3));
            // Then there is always a well-formed answer
            decoded += check(r, failures);
        }
        assertNull(failures.get(DecodeFailure.DECODER_ERROR), "decoder bugs caught by the safety net");
        assertTrue(decoded > 100, "the plausible half should decode now and then, decoded " + decoded);
    }

    @Test
    void shouldAnswerBitFlippedAndCutCorpusFramesWithoutThrowing() {
        // Given every frame of a few varied captures, each with 1-3 flipped bits and sometimes cut short
        List<CaptureFrame> frames = new ArrayList<>();
        for (String name : new String[] {"zeek__wikipedia.pcap", "tcpdump__babel.pcap", "zeek__ipv6-fragmented-dns.pcap",
            "zeek__vlan-qinqinq.pcap", "zeek__linux_dlt_sll2.pcap", "zeek__tcp_payload-synack.pcap",
            "zeek__icmp_icmp6-toobig.pcap", "zeek__ipv6-hbh-routing0.pcap", "tcpdump__LINKTYPE_IPV6.pcap"}) {
            try (Pcap4jFileReader reader = Pcap4jFileReader.open(TestData.capture(name))) {
                CaptureFrame f;
                while ((f = reader.next()) != null) {
                    frames.add(f);
                }
            }
        }
        Random random = new Random(42L);
        Map<DecodeFailure, Integer> failures = new EnumMap<>(DecodeFailure.class);
        int runs = 0;
        for (CaptureFrame frame : frames) {
            for (int variant = 0; variant < 20; variant++) {
                byte[] data = frame.data().clone();
                int flips = 1 + random.nextInt(3);
                for (int k = 0; k < flips && data.length > 0; k++) {
                    // bias the flips towards the headers, where they change the decoding path
                    int at = random.nextInt(Math.min(data.length, random.nextBoolean() ? 80 : data.length));
                    data[at] ^= (byte) (1 << random.nextInt(8));
                }
                int captured = random.nextInt(4) == 0 ? random.nextInt(data.length + 1) : data.length;
                check(decoder.decode(frame.linkType(), frame.timestampNanos(), data, captured, frame.wireLength()),
                        failures);
                runs++;
            }
        }
        assertTrue(runs > 3000, "ran " + runs);
        assertNull(failures.get(DecodeFailure.DECODER_ERROR), "decoder bugs caught by the safety net");
    }

    private static int check(DecodeResult r, Map<DecodeFailure, Integer> failures) {
        if (r instanceof DecodeResult.Decoded d) {
            PacketSummary s = d.summary();
            assertTrue(s.ttl() >= 0 && s.ttl() <= 255);
            assertTrue(s.tcpFlags() >= 0 && s.tcpFlags() <= 0x1ff);
            assertTrue(s.icmpType() >= -1 && s.icmpType() <= 255);
            assertEquals("ZZ", s.country());
            return 1;
        }
        DecodeResult.Undecodable u = (DecodeResult.Undecodable) r;
        assertNotEquals("", u.detail());
        failures.merge(u.reason(), 1, Integer::sum);
        return 0;
    }

    /** Puts a link header and an IP version nibble in place, so that random bytes reach the deeper decoders. */
    private static void plausibleHeaders(byte[] d, int linkType, Random random) {
        int ip;
        switch (linkType) {
            case LinkTypes.ETHERNET -> {
                int[] types = {0x0800, 0x86dd, 0x8100, 0x88a8};
                put16(d, 12, types[random.nextInt(types.length)]);
                ip = 14;
            }
            case LinkTypes.LINUX_SLL -> {
                put16(d, 14, random.nextBoolean() ? 0x0800 : 0x86dd);
                ip = 16;
            }
            case LinkTypes.LINUX_SLL2 -> {
                put16(d, 0, random.nextBoolean() ? 0x0800 : 0x86dd);
                ip = 20;
            }
            case LinkTypes.NULL, LinkTypes.LOOP -> {
                if (d.length >= 4) {
                    d[0] = 0;
                    d[1] = 0;
                    d[2] = 0;
                    d[3] = (byte) (random.nextBoolean() ? 2 : 30);
                }
                ip = 4;
            }
            default -> ip = 0;
        }
        if (d.length > ip) {
            d[ip] = (byte) (random.nextBoolean() ? 0x45 + random.nextInt(3) : 0x60);
        }
        if (d.length > ip + 9 && (d[ip] & 0xf0) == 0x40) {
            d[ip + 6] = 0; // mostly unfragmented
            d[ip + 9] = (byte) new int[] {1, 6, 17, 58}[random.nextInt(4)];
        }
        if (d.length > ip + 6 && (d[ip] & 0xf0) == 0x60) {
            d[ip + 6] = (byte) new int[] {0, 6, 17, 43, 44, 51, 58, 60}[random.nextInt(8)];
        }
    }

    private static void put16(byte[] d, int at, int v) {
        if (d.length > at + 1) {
            d[at] = (byte) (v >>> 8);
            d[at + 1] = (byte) v;
        }
    }
}
