package io.darkwatch.streams.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads {@link DetectorSettings} from key → text, collecting every problem before it gives up:
 * unknown keys (with the nearest known key), values of the wrong type, values out of range and
 * broken rules between settings.
 */
final class DetectorSettingsParser {

    private DetectorSettingsParser() {
    }

    static DetectorSettings parse(Map<String, String> settings) {
        List<String> problems = new ArrayList<>();
        Map<SettingKey, Object> values = new EnumMap<>(SettingKey.class);
        Set<SettingKey> unreadable = EnumSet.noneOf(SettingKey.class);
        for (SettingKey key : SettingKey.values()) {
            values.put(key, key.defaultValue());
        }
        // Sorted so that the same input always lists its problems in the same order.
        for (Map.Entry<String, String> e : new TreeMap<>(settings).entrySet()) {
            String name = e.getKey() == null ? "" : e.getKey().trim();
            var key = SettingKey.byKey(name);
            if (key.isEmpty()) {
                problems.add("unknown setting '" + name + "'"
                        + SettingKey.closestTo(name).map(k -> " (did you mean " + k.key() + "?)").orElse(""));
                continue;
            }
            try {
                values.put(key.get(), key.get().type().parse(e.getValue()));
            } catch (IllegalArgumentException ex) {
                problems.add(name + ": " + ex.getMessage());
                unreadable.add(key.get());
            }
        }
        problems.addAll(SettingRules.problems(values, unreadable));
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        return new DetectorSettings(
                (Duration) values.get(SettingKey.WINDOW_SIZE),
                (Duration) values.get(SettingKey.WINDOW_GRACE),
                (Duration) values.get(SettingKey.PACKETS_MAX_AHEAD),
                asInt(values.get(SettingKey.BASELINE_WINDOWS)),
                asInt(values.get(SettingKey.BASELINE_MIN_WINDOWS)),
                (Double) values.get(SettingKey.BACKSCATTER_MIN_RATIO),
                (Long) values.get(SettingKey.BACKSCATTER_MIN_PACKETS),
                (Double) values.get(SettingKey.BACKSCATTER_MIN_SCORE),
                (Double) values.get(SettingKey.OUTAGE_WARNING_RATIO),
                (Double) values.get(SettingKey.OUTAGE_CRITICAL_RATIO),
                (Long) values.get(SettingKey.OUTAGE_MIN_BASELINE),
                asInt(values.get(SettingKey.OUTAGE_DAILY_BASELINE_DAYS)),
                OutageSignal.of((String) values.get(SettingKey.OUTAGE_SIGNAL)),
                (Boolean) values.get(SettingKey.SCAN_ENABLED),
                (Double) values.get(SettingKey.SCAN_MIN_RATIO),
                (Long) values.get(SettingKey.SCAN_MIN_PACKETS),
                (Double) values.get(SettingKey.SCAN_MIN_SCORE),
                (Long) values.get(SettingKey.SWEEP_MIN_PORTS),
                (Double) values.get(SettingKey.SWEEP_MIN_RATIO),
                (Double) values.get(SettingKey.SWEEP_MIN_SCORE),
                asInt(values.get(SettingKey.EPISODE_OPEN_AFTER_WINDOWS)),
                asInt(values.get(SettingKey.EPISODE_RESOLVE_AFTER_WINDOWS)),
                asInt(values.get(SettingKey.EPISODE_UPDATE_EVERY_WINDOWS)),
                asInt(values.get(SettingKey.SIGNAL_TOP_N)),
                (Duration) values.get(SettingKey.COUNTRY_FORGET_AFTER));
    }

    // Integer settings have ranges within int, checked before this is reached.
    private static int asInt(Object value) {
        return Math.toIntExact((Long) value);
    }
}
