package io.darkwatch.streams.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectorSettingsTest {

    @Test
    void shouldStartFromTheDefaultsDeclaredWithTheKeys() {
        // When nothing is set
        DetectorSettings s = DetectorSettings.parse(Map.of());

        // Then every value is its key's declared default
        Map<String, String> expected = new LinkedHashMap<>();
        for (SettingKey k : SettingKey.values()) {
            expected.put(k.key(), k.type().format(k.defaultValue()));
        }
        assertEquals(expected, s.toMap());
        assertEquals(Duration.ofMinutes(5), s.windowSize());
        assertEquals(0.25, s.outageWarningRatio());
        assertEquals(0.10, s.outageCriticalRatio());
    }

    @Test
    void shouldReadIsoAndShortDurations() {
        for (String text : List.of("PT5M", "5m", "300s", "300000ms", "pt5m")) {
            assertEquals(Duration.ofMinutes(5), DetectorSettings.parse(Map.of("window.size", text)).windowSize(), text);
        }
        assertEquals(Duration.ofHours(1), DetectorSettings.parse(Map.of("window.size", "1h", "baseline.windows", "168",
                "baseline.min-windows", "24"))
                .windowSize());
        assertEquals(Duration.ofDays(9), DetectorSettings.parse(Map.of("country.forget-after", "P9D"))
                .countryForgetAfter());
    }

    @Test
    void shouldReportEveryProblemAtOnceOneLineEach() {
        // Given an unknown key, a value of the wrong type, a value out of range and two settings that contradict
        Map<String, String> given = Map.of(
                "window.sise", "5m",
                "backscatter.min-packets", "ten",
                "signal.top-n", "0",
                "outage.warning-ratio", "0.05",
                "outage.critical-ratio", "0.2");

        // When they are read
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> DetectorSettings.parse(given));

        // Then all four problems are reported, each on its own line, and the typo gets a suggestion
        assertEquals(List.of(
                "backscatter.min-packets: 'ten' is not a whole number",
                "unknown setting 'window.sise' (did you mean window.size?)",
                "signal.top-n: 0 is out of range [1, 1000]",
                "outage.critical-ratio (0.2) must be below outage.warning-ratio (0.05)"), e.problems());
        List<String> lines = Arrays.asList(e.getMessage().split(System.lineSeparator()));
        assertEquals("4 problems in the settings:", lines.get(0));
        assertEquals(5, lines.size());
    }

    @Test
    void shouldNotJudgeARuleOnADefaultThatStandsInForAnUnreadableValue() {
        // Given a critical ratio that cannot be read, and a warning ratio below the default critical ratio
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> DetectorSettings.parse(
                Map.of("outage.critical-ratio", "low", "outage.warning-ratio", "0.05")));

        // Then only the unreadable value is reported, not a rule broken by its stand-in
        assertEquals(List.of("outage.critical-ratio: 'low' is not a decimal number"), e.problems());
    }

    @Test
    void shouldRejectAForgetTimeShorterThanTheBaseline() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> DetectorSettings.parse(Map.of("country.forget-after", "2d")));
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).startsWith("country.forget-after (2d) must be at least window.size x"
                + " baseline.windows (7d)"), e.problems().get(0));
    }

    @Test
    void shouldReadBackWhatItWrites() {
        DetectorSettings s = DetectorSettings.parse(Map.of("window.size", "PT10M", "backscatter.min-ratio", "2.5",
                "window.grace", "1500ms", "baseline.windows", "1008", "baseline.min-windows", "144"));
        assertEquals(s, DetectorSettings.parse(s.toMap()));
        assertEquals("10m", s.toMap().get("window.size"));
        assertEquals("1500ms", s.toMap().get("window.grace"));
        assertEquals("2.5", s.toMap().get("backscatter.min-ratio"));
    }

    @Test
    void shouldValidateARecordBuiltInCodeLikeOneReadFromText() {
        DetectorSettings d = DetectorSettings.defaults();
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> new DetectorSettings(
                Duration.ZERO, d.windowGrace(), d.packetsMaxAhead(), d.baselineWindows(), d.baselineWindows() + 1,
                d.backscatterMinRatio(), d.backscatterMinPackets(), d.backscatterMinScore(), d.outageWarningRatio(),
                d.outageCriticalRatio(), d.outageMinBaseline(), d.outageDailyBaselineDays(), d.outageSignal(),
                d.scanEnabled(), d.scanMinRatio(), d.scanMinPackets(), d.scanMinScore(), d.sweepMinPorts(),
                d.sweepMinRatio(), d.sweepMinScore(), d.episodeOpenAfterWindows(),
                d.episodeResolveAfterWindows(), d.episodeUpdateEveryWindows(), d.signalTopN(),
                d.countryForgetAfter()));
        assertEquals(List.of("window.size: 0s is out of range [1s, 1d]",
                "baseline.min-windows (2017) must not exceed baseline.windows (2016)"), e.problems());
    }

    @Test
    void shouldDocumentEveryKeyInTheReadmeTable() {
        String table = SettingsDocumentation.markdownTable();
        for (SettingKey k : SettingKey.values()) {
            assertTrue(table.contains("| `" + k.key() + "` | " + k.type().label() + " | `" + k.defaultText() + "` |"),
                    k.key());
        }
    }

    @Test
    void shouldReadTheOutageSignalAndTheScanSwitchAsWordsAndSayWhichWordsThereAre() {
        DetectorSettings s = DetectorSettings.parse(Map.of("outage.signal", " Unique-Sources ",
                "scan.enabled", "false"));
        assertEquals(OutageSignal.UNIQUE_SOURCES, s.outageSignal());
        assertEquals("unique-sources", s.toMap().get("outage.signal"));
        assertEquals(s, DetectorSettings.parse(s.toMap()));
        assertEquals(OutageSignal.PACKETS, DetectorSettings.defaults().outageSignal());
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> DetectorSettings.parse(Map.of("outage.signal", "sources", "scan.enabled", "yes")));
        assertEquals(List.of("scan.enabled: 'yes' is not true or false",
                "outage.signal: 'sources' is not one of packets, unique-sources"), e.problems());
        assertTrue(SettingsDocumentation.markdownTable().contains(
                "| `outage.signal` | choice | `packets` | packets, unique-sources |"));
    }
}
