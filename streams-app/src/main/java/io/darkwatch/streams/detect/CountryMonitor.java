package io.darkwatch.streams.detect;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.streams.settings.DetectorSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every detector on each closed window of a country, keeps the country's histories and
 * episodes in its {@link CountryState}, and returns the anomaly events to publish. Stateless itself:
 * one instance serves all countries.
 */
public final class CountryMonitor {
    private final DetectorSettings settings;
    private final List<Detector> detectors;
    private final EpisodeTracker episodes;

    public CountryMonitor(DetectorSettings settings, List<Detector> detectors) {
        this.settings = settings;
        this.detectors = List.copyOf(detectors);
        this.episodes = new EpisodeTracker(settings);
    }

    public CountryMonitor(DetectorSettings settings) {
        this(settings, Detectors.standard(settings));
    }

    /**
     * Evaluates the next window of the state's country and appends it to the histories.
     *
     * <p>Windows arrive in order, one after another. A window at or before the last one seen is a
     * repeat and is ignored. Missing windows between the last one and this one were silent (the
     * country was forgotten after a long silence, see {@code country.forget-after}): when there are
     * fewer than the history holds they are evaluated as silent windows, otherwise the histories are
     * started afresh, since none of what they hold is recent.
     */
    public List<Anomaly> observe(CountryState state, WindowObservation window) {
        long size = settings.windowSizeMillis();
        long start = window.windowStartMillis();
        long last = state.lastWindowStartMillis();
        List<Anomaly> events = new ArrayList<>();
        if (last != CountryState.NONE) {
            if (start <= last) {
                return events;
            }
            long gap = start - last;
            long missing = gap / size - 1;
            if (gap % size != 0 || missing >= settings.baselineWindows()) {
                for (Detector d : detectors) {
                    state.track(d.name(), settings.baselineWindows()).history().clear();
                }
            } else {
                for (long i = 1; i <= missing; i++) {
                    long s = last + i * size;
                    CountryWindow silent = CountryWindow.silent(window.country(), Instant.ofEpochMilli(s),
                            Instant.ofEpochMilli(s + size));
                    evaluate(state, WindowObservation.of(silent), events);
                }
            }
        }
        evaluate(state, window, events);
        state.lastWindowStartMillis(start);
        return events;
    }

    private void evaluate(CountryState state, WindowObservation window, List<Anomaly> events) {
        for (Detector d : detectors) {
            DetectorTrack track = state.track(d.name(), settings.baselineWindows());
            Evaluation e = d.evaluate(window, track.history());
            EpisodeTracker.Step step = episodes.step(d, track.episode(), window, e);
            track.episode(step.next());
            step.event().ifPresent(events::add);
            track.history().add(d.signal(window), e.anomalous());
        }
    }
}
