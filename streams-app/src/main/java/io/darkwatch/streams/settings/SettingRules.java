package io.darkwatch.streams.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The checks that span several settings. Each rule names the keys it reads so that a rule is
 * skipped when one of them could not be read at all (that key's own problem is reported instead of
 * a confusing consequence of its default).
 */
final class SettingRules {

    private record Rule(List<SettingKey> keys, Predicate<Map<SettingKey, Object>> holds,
            Function<Map<SettingKey, Object>, String> problem) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(List.of(SettingKey.OUTAGE_CRITICAL_RATIO, SettingKey.OUTAGE_WARNING_RATIO),
                    v -> dbl(v, SettingKey.OUTAGE_CRITICAL_RATIO) < dbl(v, SettingKey.OUTAGE_WARNING_RATIO),
                    v -> "outage.critical-ratio (" + text(v, SettingKey.OUTAGE_CRITICAL_RATIO)
                            + ") must be below outage.warning-ratio (" + text(v, SettingKey.OUTAGE_WARNING_RATIO)
                            + ")"),
            new Rule(List.of(SettingKey.BASELINE_MIN_WINDOWS, SettingKey.BASELINE_WINDOWS),
                    v -> lng(v, SettingKey.BASELINE_MIN_WINDOWS) <= lng(v, SettingKey.BASELINE_WINDOWS),
                    v -> "baseline.min-windows (" + text(v, SettingKey.BASELINE_MIN_WINDOWS)
                            + ") must not exceed baseline.windows (" + text(v, SettingKey.BASELINE_WINDOWS) + ")"),
            new Rule(List.of(SettingKey.COUNTRY_FORGET_AFTER, SettingKey.WINDOW_SIZE, SettingKey.BASELINE_WINDOWS),
                    v -> !dur(v, SettingKey.COUNTRY_FORGET_AFTER)
                            .minus(dur(v, SettingKey.WINDOW_SIZE).multipliedBy(lng(v, SettingKey.BASELINE_WINDOWS)))
                            .isNegative(),
                    v -> "country.forget-after (" + text(v, SettingKey.COUNTRY_FORGET_AFTER)
                            + ") must be at least window.size x baseline.windows ("
                            + SettingType.DURATION.format(dur(v, SettingKey.WINDOW_SIZE)
                                    .multipliedBy(lng(v, SettingKey.BASELINE_WINDOWS)))
                            + "), or a silent country is forgotten before its outage is judged"));

    private SettingRules() {
    }

    /**
     * Range problems of every value not in {@code unreadable}, then the problems of every rule whose
     * keys were all read.
     */
    static List<String> problems(Map<SettingKey, Object> values, Set<SettingKey> unreadable) {
        List<String> problems = new ArrayList<>();
        List<SettingKey> outOfRange = new ArrayList<>();
        for (SettingKey key : SettingKey.values()) {
            if (unreadable.contains(key)) {
                continue;
            }
            String p = key.rangeProblem(values.get(key));
            if (p != null) {
                problems.add(p);
                outOfRange.add(key);
            }
        }
        for (Rule rule : RULES) {
            if (rule.keys().stream().noneMatch(k -> unreadable.contains(k) || outOfRange.contains(k))
                    && !rule.holds().test(values)) {
                problems.add(rule.problem().apply(values));
            }
        }
        return problems;
    }

    private static double dbl(Map<SettingKey, Object> v, SettingKey k) {
        return ((Number) v.get(k)).doubleValue();
    }

    private static long lng(Map<SettingKey, Object> v, SettingKey k) {
        return ((Number) v.get(k)).longValue();
    }

    private static Duration dur(Map<SettingKey, Object> v, SettingKey k) {
        return (Duration) v.get(k);
    }

    private static String text(Map<SettingKey, Object> v, SettingKey k) {
        return k.type().format(v.get(k));
    }
}
