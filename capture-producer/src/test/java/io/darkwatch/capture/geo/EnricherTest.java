package io.darkwatch.capture.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.darkwatch.capture.testing.TestData;
import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.packet.TcpFlags;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnricherTest {
    private static PacketSummary synAckFrom(String src) {
        return new PacketSummary(1_000L, "s1", IpAddress.parse(src), IpAddress.parse("192.0.2.1"), IpProtocol.TCP,
                443, 5555, TcpFlags.SYN | TcpFlags.ACK, -1, -1, 50, 60, PacketSummary.UNKNOWN_COUNTRY, 0, 0);
    }

    @Test
    void shouldFillInTheSourcesCountryAndAsnAndKeepEverythingElse() {
        try (MaxMindGeoLookup geo = MaxMindGeoLookup.open(Optional.of(TestData.geoip("GeoIP2-Country-Test.mmdb")),
                Optional.of(TestData.geoip("GeoLite2-ASN-Test.mmdb")))) {
            PacketSummary decoded = synAckFrom("89.160.20.112");

            PacketSummary enriched = new Enricher(geo).enrich(decoded);

            assertEquals(decoded.withGeo("SE", 29518), enriched);
        }
    }

    @Test
    void shouldLeaveUnknownSourcesAsZz() {
        PacketSummary enriched = new Enricher(GeoLookup.NONE).enrich(synAckFrom("81.2.69.160"));

        assertEquals("ZZ", enriched.country());
        assertEquals(0, enriched.asn());
    }
}
