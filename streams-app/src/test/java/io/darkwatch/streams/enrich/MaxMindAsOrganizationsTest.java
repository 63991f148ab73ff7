package io.darkwatch.streams.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MaxMindAsOrganizationsTest {
    private static Path resource(String name) {
        try {
            return Path.of(MaxMindAsOrganizationsTest.class.getResource("/geoip/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldNameTheOwnerOfAnIpv4AndAnIpv6Address() {
        try (MaxMindAsOrganizations owners = MaxMindAsOrganizations.open(resource("GeoLite2-ASN-Test.mmdb"))) {
            assertEquals(Optional.of(new AsOwner(1221, "Telstra Pty Ltd")), owners.ownerOf("1.128.0.1"));
            assertEquals(Optional.of(new AsOwner(237, "Merit Network Inc.")), owners.ownerOf("2600:6000::1"));
            assertEquals(Optional.empty(), owners.ownerOf("8.8.8.8"));
            assertEquals(0, owners.lookupErrors());
        }
    }

    @Test
    void shouldCountWhatIsNotAnAddressAndNeverLookUpAName() {
        try (MaxMindAsOrganizations owners = MaxMindAsOrganizations.open(resource("GeoLite2-ASN-Test.mmdb"))) {
            assertEquals(Optional.empty(), owners.ownerOf("example.com"));
            assertEquals(Optional.empty(), owners.ownerOf(""));
            assertEquals(2, owners.lookupErrors());
        }
    }

    @Test
    void shouldRefuseAFileThatIsNotAnAsnDatabaseNamingTheFileAndTheProblem() {
        Path country = resource("GeoIP2-Country-Test.mmdb");
        IllegalArgumentException notAsn = assertThrows(IllegalArgumentException.class,
                () -> MaxMindAsOrganizations.open(country));
        assertTrue(notAsn.getMessage().contains(country.toString()) && notAsn.getMessage().contains(
                "GeoIP2-Country database, not an ASN one"), notAsn.getMessage());

        Path broken = resource("GeoIP2-City-Test-Invalid-Node-Count.mmdb");
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
                () -> MaxMindAsOrganizations.open(broken));
        assertTrue(invalid.getMessage().contains(broken.toString()), invalid.getMessage());

        Path missing = Path.of("/nonexistent/asn.mmdb");
        IllegalArgumentException absent = assertThrows(IllegalArgumentException.class,
                () -> MaxMindAsOrganizations.open(missing));
        assertEquals("ASN database /nonexistent/asn.mmdb: no such readable file", absent.getMessage());
    }
}
