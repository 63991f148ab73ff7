package io.darkwatch.streams.detect;

import static io.darkwatch.streams.detect.Windows.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.settings.SettingsLookup;
import io.darkwatch.streams.testing.WindowTraffic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountryMonitorTest {
    private static final DetectorSettings SETTINGS = DetectorSettings.defaults().with(Map.of(
            "baseline.windows", "24", "baseline.min-windows", "12", "country.forget-after", "1d"));
    private final CountryMonitor monitor = new CountryMonitor(SETTINGS);

    @Test
    void shouldIgnoreAWindowItHasAlreadySeen() {
        CountryState state = CountryState.empty();
        monitor.observe(state, window("DE", 0, 50, 0));
        monitor.observe(state, window("DE", 0, 50, 0));
        assertEquals(1, state.tracks().get(OutageDetector.NAME).history().size());
    }

    @Test
    void shouldJudgeMissingWindowsAsSilent() {
        // Given an hour of 50 packets a window
        CountryState state = CountryState.empty();
        List<Anomaly> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            events.addAll(monitor.observe(state, window("DE", i, 50, 0)));
        }
        // When the next window seen is five windows later
        events.addAll(monitor.observe(state, window("DE", 17, 50, 0)));

        // Then the four missing windows were judged as silent: an outage from the first of them
        assertEquals(List.of(EpisodeStatus.OPEN), events.stream().map(Anomaly::status).toList());
        assertEquals(AnomalyType.OUTAGE, events.get(0).type());
        assertEquals(Instant.ofEpochMilli(WindowTraffic.startOf(12)), events.get(0).episodeStart());
        assertEquals(18, state.tracks().get(OutageDetector.NAME).history().size());
    }

    @Test
    void shouldStartTheHistoriesAfreshAfterAGapLongerThanTheyHold() {
        CountryState state = CountryState.empty();
        for (int i = 0; i < 20; i++) {
            monitor.observe(state, window("DE", i, 50, 0));
        }
        List<Anomaly> events = monitor.observe(state, window("DE", 100, 50, 0));
        assertEquals(List.of(), events);
        assertEquals(1, state.tracks().get(OutageDetector.NAME).history().size());
    }

    @Test
    void shouldKeepTheNewestWindowsWhenTheHistoryLengthShrinks() {
        CountryState state = CountryState.empty();
        for (int i = 0; i < 24; i++) {
            monitor.observe(state, window("DE", i, 100 + i, 0));
        }
        CountryMonitor shorter = new CountryMonitor(SETTINGS.with(Map.of("baseline.windows", "12")));
        shorter.observe(state, window("DE", 24, 100, 0));
        TrailingHistory h = state.tracks().get(OutageDetector.NAME).history();
        assertEquals(12, h.size());
        assertEquals(113, h.value(0));
        assertEquals(100, h.value(11));
    }

    @Test
    void shouldJudgeEachCountryAndDetectorWithTheSettingsLookedUpForIt() {
        // Given KZ's outage detector told to warn at 70 % of the baseline and to open at the first such window
        DetectorSettings kzOutage = SETTINGS.with(Map.of("outage.warning-ratio", "0.7",
                "episode.open-after-windows", "1"));
        SettingsLookup lookup = (detector, country) -> detector.equals(OutageDetector.NAME) && country.equals("KZ")
                ? kzOutage : SETTINGS;
        CountryState de = CountryState.empty();
        CountryState kz = CountryState.empty();
        for (int i = 0; i < 12; i++) {
            monitor.observe(de, window("DE", i, 50, 0), lookup);
            monitor.observe(kz, window("KZ", i, 50, 0), lookup);
        }

        // When both countries drop to 60 % of their usual packets for one window
        List<Anomaly> deEvents = monitor.observe(de, window("DE", 12, 30, 0), lookup);
        List<Anomaly> kzEvents = monitor.observe(kz, window("KZ", 12, 30, 0), lookup);

        // Then only KZ's outage opens, judged with its own settings
        assertEquals(List.of(), deEvents);
        assertEquals(List.of(AnomalyType.OUTAGE), kzEvents.stream().map(Anomaly::type).toList());
        assertEquals(EpisodeStatus.OPEN, kzEvents.get(0).status());
    }

    @Test
    void shouldStartAFreshHistoryAndDropTheOldOneWhenTheOutageSignalChangesAtStartUp() {
        // Given a state built while the outage detector followed packets
        CountryState state = CountryState.empty();
        for (int i = 0; i < 20; i++) {
            monitor.observe(state, window("DE", i, 50, 0));
        }
        assertTrue(state.tracks().containsKey(OutageDetector.NAME));

        // When the application restarts following unique sources
        CountryMonitor bySources = new CountryMonitor(SETTINGS.with(Map.of("outage.signal", "unique-sources")));
        bySources.observe(state, new WindowObservation(window("DE", 20, 50, 0).window(), 0, 40, Map.of()));

        // Then the sources' history starts with this window and the packets' history is gone
        assertEquals(List.of(BackscatterSurgeDetector.NAME, "outage@unique-sources"),
                List.copyOf(state.tracks().keySet()));
        assertEquals(1, state.tracks().get("outage@unique-sources").history().size());
        assertEquals(40, state.tracks().get("outage@unique-sources").history().value(0));
    }
}
