package io.darkwatch.streams.detect;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.settings.SettingsLookup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Runs every detector on each closed window of a country, keeps the country's histories and
 * episodes in its {@link CountryState}, and returns the anomaly events to publish. Stateless itself:
 * one instance serves all countries and every stream thread.
 *
 * <p>Settings: the start-up settings decide how windows and histories are kept ({@code window.size},
 * {@code baseline.windows}); the thresholds each detector judges with are looked up per detector and
 * country on every window ({@link #observe(CountryState, WindowObservation, SettingsLookup)}), so a
 * threshold tuned while running applies from the next window on. A detector and an episode tracker
 * are built once per distinct set of settings and reused.
 */
public final class CountryMonitor {
    // Distinct effective settings are few (one per configured scope); the bound only guards against churn.
    private static final int MAX_CACHED_SETTINGS = 256;

    private final DetectorSettings settings;
    private final List<String> names;
    private final Map<String, String> historyNames = new LinkedHashMap<>();
    private final Function<DetectorSettings, List<Detector>> factory;
    private final Map<DetectorSettings, Map<String, Detector>> detectorsBySettings = new ConcurrentHashMap<>();
    private final Map<DetectorSettings, EpisodeTracker> trackers = new ConcurrentHashMap<>();

    /** A monitor whose detectors are fixed (built by the caller); looked-up settings reach their episodes only. */
    public CountryMonitor(DetectorSettings settings, List<Detector> detectors) {
        this(settings, s -> detectors);
    }

    /** The {@link Detectors#standard} detectors, rebuilt with whatever settings are looked up. */
    public CountryMonitor(DetectorSettings settings) {
        this(settings, Detectors::standard);
    }

    private CountryMonitor(DetectorSettings settings, Function<DetectorSettings, List<Detector>> factory) {
        this.settings = settings;
        this.factory = factory;
        List<Detector> startup = factory.apply(settings);
        this.names = startup.stream().map(Detector::name).toList();
        // What decides a detector's history name (e.g. outage.signal) is a start-up setting.
        startup.forEach(d -> historyNames.put(d.name(), d.historyName()));
    }

    /** {@link #observe(CountryState, WindowObservation, SettingsLookup)} with the start-up settings. */
    public List<Anomaly> observe(CountryState state, WindowObservation window) {
        return observe(state, window, SettingsLookup.fixed(settings));
    }

    /**
     * Evaluates the next window of the state's country and appends it to the histories, judging with
     * the settings {@code lookup} gives for each detector and this country.
     *
     * <p>Windows arrive in order, one after another. A window at or before the last one seen is a
     * repeat and is ignored. Missing windows between the last one and this one were silent (the
     * country was forgotten after a long silence, see {@code country.forget-after}): when there are
     * fewer than the history holds they are evaluated as silent windows, otherwise the histories are
     * started afresh, since none of what they hold is recent.
     */
    public List<Anomaly> observe(CountryState state, WindowObservation window, SettingsLookup lookup) {
        return observe(state, window, lookup, EvaluationListener.NONE);
    }

    /**
     * {@link #observe(CountryState, WindowObservation, SettingsLookup)}, telling {@code listener} about
     * each detector's judgement of each window evaluated (silent windows filled into a gap included).
     */
    public List<Anomaly> observe(CountryState state, WindowObservation window, SettingsLookup lookup,
            EvaluationListener listener) {
        long size = settings.windowSizeMillis();
        long start = window.windowStartMillis();
        long last = state.lastWindowStartMillis();
        List<Anomaly> events = new ArrayList<>();
        if (last != CountryState.NONE && start <= last) {
            return events;
        }
        Map<String, DetectorSettings> effective = new LinkedHashMap<>();
        for (String name : names) {
            effective.put(name, lookup.settingsFor(name, window.country()));
        }
        if (last != CountryState.NONE) {
            long gap = start - last;
            long missing = gap / size - 1;
            if (gap % size != 0 || missing >= settings.baselineWindows()) {
                for (String name : names) {
                    state.track(historyNames.get(name), settings.baselineWindows()).history().clear();
                }
            } else {
                for (long i = 1; i <= missing; i++) {
                    long s = last + i * size;
                    CountryWindow silent = CountryWindow.silent(window.country(), Instant.ofEpochMilli(s),
                            Instant.ofEpochMilli(s + size));
                    evaluate(state, WindowObservation.of(silent), effective, events, listener);
                }
            }
        }
        evaluate(state, window, effective, events, listener);
        // Histories of detectors switched off, or of a signal no longer followed, would cost state forever.
        state.retainTracks(historyNames.values());
        state.lastWindowStartMillis(start);
        return events;
    }

    private void evaluate(CountryState state, WindowObservation window, Map<String, DetectorSettings> effective,
            List<Anomaly> events, EvaluationListener listener) {
        for (Map.Entry<String, DetectorSettings> e : effective.entrySet()) {
            Detector d = detector(e.getKey(), e.getValue());
            // History length is a start-up setting: a live change would cut every country's history.
            DetectorTrack track = state.track(d.historyName(), settings.baselineWindows());
            Evaluation ev = d.evaluate(window, track.history());
            listener.evaluated(d, window, ev, e.getValue());
            EpisodeTracker.Step step = tracker(e.getValue()).step(d, track.episode(), window, ev);
            track.episode(step.next());
            step.event().ifPresent(events::add);
            track.history().add(d.signal(window), ev.anomalous());
        }
    }

    private Detector detector(String name, DetectorSettings s) {
        if (detectorsBySettings.size() > MAX_CACHED_SETTINGS) {
            detectorsBySettings.clear();
        }
        Map<String, Detector> byName = detectorsBySettings.computeIfAbsent(s, k -> {
            Map<String, Detector> m = new LinkedHashMap<>();
            factory.apply(k).forEach(d -> m.put(d.name(), d));
            return m;
        });
        Detector d = byName.get(name);
        if (d == null) {
            throw new IllegalStateException("no detector named " + name + " among " + byName.keySet());
        }
        return d;
    }

    private EpisodeTracker tracker(DetectorSettings s) {
        if (trackers.size() > MAX_CACHED_SETTINGS) {
            trackers.clear();
        }
        return trackers.computeIfAbsent(s, EpisodeTracker::new);
    }
}
