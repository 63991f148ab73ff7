package io.darkwatch.streams.settings;

import java.util.Objects;

/**
 * The settings one detector uses for one country, looked up each time a window is judged, so that
 * thresholds tuned while the application runs (the config topic) apply from the next window on.
 */
@FunctionalInterface
public interface SettingsLookup {

    /**
     * @param detector the detector's name, e.g. {@code outage}
     * @param country  the two-letter country code of the window
     * @return the settings in force; never null
     */
    DetectorSettings settingsFor(String detector, String country);

    /** The same settings for every detector and country: the start-up settings alone. */
    static SettingsLookup fixed(DetectorSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return (detector, country) -> settings;
    }
}
