package io.darkwatch.streams.config;

import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.settings.InvalidSettingsException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The settings a detector uses for a country: the start-up settings, overridden by the accepted
 * records of {@code global}, then {@code detector/<name>}, then {@code detector/<name>/country/<CC>}
 * (the most specific wins, key by key).
 *
 * <p>Every record was checked against the scopes in force when it arrived, but a later deletion can
 * leave a combination that breaks a rule (say a country's critical ratio above the warning ratio its
 * deleted detector scope used to raise). Then the most specific scopes are left out, one at a time,
 * until the rest combine, and {@code onConflict} is told: a detector always gets valid settings.
 *
 * <p>Thread-safe; resolutions are cached by the records' text, so a lookup per window costs three
 * store reads and one map lookup.
 */
public final class EffectiveSettings {
    private static final int MAX_CACHED = 1024;

    private final DetectorSettings startup;
    private final Consumer<String> onConflict;
    private final Map<List<String>, DetectorSettings> cache = new ConcurrentHashMap<>();

    /** @param onConflict told, once per distinct combination, which scopes were left out and why */
    public EffectiveSettings(DetectorSettings startup, Consumer<String> onConflict) {
        this.startup = Objects.requireNonNull(startup, "startup");
        this.onConflict = Objects.requireNonNull(onConflict, "onConflict");
    }

    public DetectorSettings startup() {
        return startup;
    }

    /**
     * @param recordsByKey the accepted record JSON ({@link ConfigRecord#toJson}) by scope key, null
     *                     where a scope has none (e.g. a state store's {@code get})
     */
    public DetectorSettings resolve(String detector, String country, Function<String, String> recordsByKey) {
        List<ConfigScope> chain = ConfigValidator.chain(ConfigScope.country(detector, country));
        String[] texts = new String[chain.size()];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = recordsByKey.apply(chain.get(i).key());
        }
        List<String> cacheKey = Arrays.asList(texts);
        if (Arrays.stream(texts).allMatch(Objects::isNull)) {
            return startup;
        }
        DetectorSettings cached = cache.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        if (cache.size() > MAX_CACHED) {
            cache.clear();
        }
        DetectorSettings resolved = merge(chain, texts);
        cache.put(cacheKey, resolved);
        return resolved;
    }

    private DetectorSettings merge(List<ConfigScope> chain, String[] texts) {
        List<String> dropped = new ArrayList<>();
        for (int depth = chain.size(); depth > 0; depth--) {
            Map<String, String> merged = new LinkedHashMap<>(startup.toMap());
            List<String> used = new ArrayList<>();
            for (int i = 0; i < depth; i++) {
                if (texts[i] != null) {
                    merged.putAll(ConfigRecord.fromStoredJson(texts[i]).settings());
                    used.add(chain.get(i).key());
                }
            }
            try {
                DetectorSettings s = DetectorSettings.parse(merged);
                if (!dropped.isEmpty()) {
                    onConflict.accept("scopes " + used + " combine but " + dropped + " do not; left out: "
                            + chain.subList(depth, chain.size()));
                }
                return s;
            } catch (InvalidSettingsException e) {
                dropped.add(String.join("; ", e.problems()));
            }
        }
        onConflict.accept("no config scope combines with the start-up settings: " + dropped);
        return startup;
    }
}
