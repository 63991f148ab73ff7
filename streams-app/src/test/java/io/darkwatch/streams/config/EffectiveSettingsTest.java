package io.darkwatch.streams.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.darkwatch.streams.settings.DetectorSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EffectiveSettingsTest {
    private static final DetectorSettings STARTUP = DetectorSettings.defaults().with(Map.of("outage.min-baseline",
            "30"));
    private final List<String> conflicts = new ArrayList<>();
    private final EffectiveSettings effective = new EffectiveSettings(STARTUP, conflicts::add);
    private final Map<String, String> store = new HashMap<>();

    private void put(String scope, Map<String, String> settings) {
        store.put(scope, new ConfigRecord(1, settings, "alice", Instant.EPOCH, "").toJson());
    }

    private DetectorSettings resolve(String detector, String country) {
        return effective.resolve(detector, country, store::get);
    }

    @Test
    void shouldUseTheStartUpSettingsWhenNoScopeIsSet() {
        assertSame(STARTUP, resolve("outage", "KZ"));
    }

    @Test
    void shouldLetCountryWinOverDetectorOverGlobalOverStartUpKeyByKey() {
        // Given a value for the warning ratio in every scope, and other keys in some
        put("global", Map.of("outage.warning-ratio", "0.3", "episode.open-after-windows", "3"));
        put("detector/outage", Map.of("outage.warning-ratio", "0.4", "outage.critical-ratio", "0.2"));
        put("detector/outage/country/KZ", Map.of("outage.warning-ratio", "0.5"));

        // Then KZ's outage detector has the country's warning ratio, the detector's critical ratio, the global
        // episode setting and the start-up baseline
        DetectorSettings kz = resolve("outage", "KZ");
        assertEquals(0.5, kz.outageWarningRatio());
        assertEquals(0.2, kz.outageCriticalRatio());
        assertEquals(3, kz.episodeOpenAfterWindows());
        assertEquals(30, kz.outageMinBaseline());

        // And another country has the detector's, and another detector the global ones
        assertEquals(0.4, resolve("outage", "DE").outageWarningRatio());
        assertEquals(0.3, resolve("backscatter-surge", "KZ").outageWarningRatio());
        assertEquals(3, resolve("backscatter-surge", "KZ").episodeOpenAfterWindows());
        assertEquals(List.of(), conflicts);
    }

    @Test
    void shouldSeeAChangedScopeAtTheNextLookup() {
        put("detector/outage/country/KZ", Map.of("outage.warning-ratio", "0.5"));
        assertEquals(0.5, resolve("outage", "KZ").outageWarningRatio());
        store.remove("detector/outage/country/KZ");
        assertSame(STARTUP, resolve("outage", "KZ"));
    }

    @Test
    void shouldLeaveOutTheMostSpecificScopeWhenScopesNoLongerCombine() {
        // Given a country critical ratio that only fitted under a detector warning ratio since deleted
        put("global", Map.of("episode.open-after-windows", "3"));
        put("detector/outage/country/KZ", Map.of("outage.critical-ratio", "0.4"));

        // When KZ's outage settings are looked up
        DetectorSettings kz = resolve("outage", "KZ");

        // Then the country scope is left out, the global one kept, and the conflict reported once
        assertEquals(0.1, kz.outageCriticalRatio());
        assertEquals(3, kz.episodeOpenAfterWindows());
        resolve("outage", "KZ");
        assertEquals(1, conflicts.size(), conflicts::toString);
        assertEquals("scopes [global] combine but [outage.critical-ratio (0.4) must be below outage.warning-ratio"
                + " (0.25)] do not; left out: [detector/outage/country/KZ]", conflicts.get(0));
    }
}
