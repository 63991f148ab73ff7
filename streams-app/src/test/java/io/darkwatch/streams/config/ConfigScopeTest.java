package io.darkwatch.streams.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigScopeTest {

    @Test
    void shouldReadTheThreeKindsOfScopeAndWriteTheirKeysBack() {
        for (String key : List.of("global", "detector/outage", "detector/backscatter-surge/country/UA")) {
            assertEquals(key, ConfigScope.parse(key).key());
        }
        assertEquals(ConfigScope.country("outage", "KZ"), ConfigScope.parse("detector/outage/country/KZ"));
        assertEquals(Optional.of(ConfigScope.detector("outage")), ConfigScope.parse("detector/outage/country/KZ")
                .parent());
        assertEquals(Optional.of(ConfigScope.GLOBAL), ConfigScope.detector("outage").parent());
        assertEquals(Optional.empty(), ConfigScope.GLOBAL.parent());
    }

    @Test
    void shouldSayWhatIsWrongWithAKeyThatNamesNoScope() {
        assertEquals("unknown scope 'detector/outages': unknown detector 'outages' (known: backscatter-surge,"
                + " outage, scan-surge, scan-sweep)",
                assertThrows(IllegalArgumentException.class, () -> ConfigScope.parse("detector/outages")).getMessage());
        assertEquals("unknown scope 'detector/outage/country/kz': country 'kz' must be two capital letters, e.g. KZ",
                assertThrows(IllegalArgumentException.class, () -> ConfigScope.parse("detector/outage/country/kz"))
                        .getMessage());
        assertEquals("unknown scope 'country/KZ'; write global, detector/<name> or detector/<name>/country/<CC> with a"
                + " detector among backscatter-surge, outage, scan-surge, scan-sweep",
                assertThrows(IllegalArgumentException.class, () -> ConfigScope.parse("country/KZ")).getMessage());
    }
}
