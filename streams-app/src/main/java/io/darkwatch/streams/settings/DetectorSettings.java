package io.darkwatch.streams.settings;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How windows are cut and what the detectors call anomalous. Keys, defaults, ranges and the reasons
 * for the defaults are in {@link SettingKey}; read settings from text with {@link #parse(Map)}.
 *
 * @param windowSize                 {@code window.size}
 * @param windowGrace                {@code window.grace}
 * @param packetsMaxAhead            {@code packets.max-ahead}
 * @param baselineWindows            {@code baseline.windows}
 * @param baselineMinWindows         {@code baseline.min-windows}
 * @param backscatterMinRatio        {@code backscatter.min-ratio}
 * @param backscatterMinPackets      {@code backscatter.min-packets}
 * @param backscatterMinScore        {@code backscatter.min-score}
 * @param outageWarningRatio         {@code outage.warning-ratio}
 * @param outageCriticalRatio        {@code outage.critical-ratio}
 * @param outageMinBaseline          {@code outage.min-baseline}
 * @param outageDailyBaselineDays    {@code outage.daily-baseline-days}
 * @param outageSignal               {@code outage.signal}
 * @param scanEnabled                {@code scan.enabled}
 * @param scanMinRatio               {@code scan.min-ratio}
 * @param scanMinPackets             {@code scan.min-packets}
 * @param scanMinScore               {@code scan.min-score}
 * @param sweepMinPorts              {@code sweep.min-ports}
 * @param sweepMinRatio              {@code sweep.min-ratio}
 * @param sweepMinScore              {@code sweep.min-score}
 * @param episodeOpenAfterWindows    {@code episode.open-after-windows}
 * @param episodeResolveAfterWindows {@code episode.resolve-after-windows}
 * @param episodeUpdateEveryWindows  {@code episode.update-every-windows}
 * @param signalTopN                 {@code signal.top-n}
 * @param countryForgetAfter         {@code country.forget-after}
 */
public record DetectorSettings(
        Duration windowSize,
        Duration windowGrace,
        Duration packetsMaxAhead,
        int baselineWindows,
        int baselineMinWindows,
        double backscatterMinRatio,
        long backscatterMinPackets,
        double backscatterMinScore,
        double outageWarningRatio,
        double outageCriticalRatio,
        long outageMinBaseline,
        int outageDailyBaselineDays,
        OutageSignal outageSignal,
        boolean scanEnabled,
        double scanMinRatio,
        long scanMinPackets,
        double scanMinScore,
        long sweepMinPorts,
        double sweepMinRatio,
        double sweepMinScore,
        int episodeOpenAfterWindows,
        int episodeResolveAfterWindows,
        int episodeUpdateEveryWindows,
        int signalTopN,
        Duration countryForgetAfter) {

    /** @throws InvalidSettingsException listing every value out of range and every broken rule */
    public DetectorSettings {
        Objects.requireNonNull(windowSize, "windowSize");
        Objects.requireNonNull(windowGrace, "windowGrace");
        Objects.requireNonNull(packetsMaxAhead, "packetsMaxAhead");
        Objects.requireNonNull(countryForgetAfter, "countryForgetAfter");
        Objects.requireNonNull(outageSignal, "outageSignal");
        Map<SettingKey, Object> values = new EnumMap<>(SettingKey.class);
        values.put(SettingKey.WINDOW_SIZE, windowSize);
        values.put(SettingKey.WINDOW_GRACE, windowGrace);
        values.put(SettingKey.PACKETS_MAX_AHEAD, packetsMaxAhead);
        values.put(SettingKey.BASELINE_WINDOWS, (long) baselineWindows);
        values.put(SettingKey.BASELINE_MIN_WINDOWS, (long) baselineMinWindows);
        values.put(SettingKey.BACKSCATTER_MIN_RATIO, backscatterMinRatio);
        values.put(SettingKey.BACKSCATTER_MIN_PACKETS, backscatterMinPackets);
        values.put(SettingKey.BACKSCATTER_MIN_SCORE, backscatterMinScore);
        values.put(SettingKey.OUTAGE_WARNING_RATIO, outageWarningRatio);
        values.put(SettingKey.OUTAGE_CRITICAL_RATIO, outageCriticalRatio);
        values.put(SettingKey.OUTAGE_MIN_BASELINE, outageMinBaseline);
        values.put(SettingKey.OUTAGE_DAILY_BASELINE_DAYS, (long) outageDailyBaselineDays);
        values.put(SettingKey.OUTAGE_SIGNAL, outageSignal.text());
        values.put(SettingKey.SCAN_ENABLED, scanEnabled);
        values.put(SettingKey.SCAN_MIN_RATIO, scanMinRatio);
        values.put(SettingKey.SCAN_MIN_PACKETS, scanMinPackets);
        values.put(SettingKey.SCAN_MIN_SCORE, scanMinScore);
        values.put(SettingKey.SWEEP_MIN_PORTS, sweepMinPorts);
        values.put(SettingKey.SWEEP_MIN_RATIO, sweepMinRatio);
        values.put(SettingKey.SWEEP_MIN_SCORE, sweepMinScore);
        values.put(SettingKey.EPISODE_OPEN_AFTER_WINDOWS, (long) episodeOpenAfterWindows);
        values.put(SettingKey.EPISODE_RESOLVE_AFTER_WINDOWS, (long) episodeResolveAfterWindows);
        values.put(SettingKey.EPISODE_UPDATE_EVERY_WINDOWS, (long) episodeUpdateEveryWindows);
        values.put(SettingKey.SIGNAL_TOP_N, (long) signalTopN);
        values.put(SettingKey.COUNTRY_FORGET_AFTER, countryForgetAfter);
        var problems = SettingRules.problems(values, Set.of());
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }

    /** Every setting at its default. */
    public static DetectorSettings defaults() {
        return parse(Map.of());
    }

    /**
     * Reads settings given as text by key (see {@link SettingKey}); keys not given keep their default.
     *
     * @throws InvalidSettingsException listing every unknown key, unreadable value, value out of
     *                                  range and broken rule, one line each
     */
    public static DetectorSettings parse(Map<String, String> settings) {
        return DetectorSettingsParser.parse(settings);
    }

    /** These settings with some keys replaced, e.g. a test's shorter baseline. */
    public DetectorSettings with(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(toMap());
        merged.putAll(overrides);
        return parse(merged);
    }

    /** Every setting as key → canonical text, in {@link SettingKey} order; {@link #parse} reads it back. */
    public Map<String, String> toMap() {
        Map<String, String> out = new LinkedHashMap<>();
        for (SettingKey key : SettingKey.values()) {
            out.put(key.key(), key.type().format(value(key)));
        }
        return out;
    }

    public long windowSizeMillis() {
        return windowSize.toMillis();
    }

    public long windowGraceMillis() {
        return windowGrace.toMillis();
    }

    private Object value(SettingKey key) {
        return switch (key) {
            case WINDOW_SIZE -> windowSize;
            case WINDOW_GRACE -> windowGrace;
            case PACKETS_MAX_AHEAD -> packetsMaxAhead;
            case BASELINE_WINDOWS -> baselineWindows;
            case BASELINE_MIN_WINDOWS -> baselineMinWindows;
            case BACKSCATTER_MIN_RATIO -> backscatterMinRatio;
            case BACKSCATTER_MIN_PACKETS -> backscatterMinPackets;
            case BACKSCATTER_MIN_SCORE -> backscatterMinScore;
            case OUTAGE_WARNING_RATIO -> outageWarningRatio;
            case OUTAGE_CRITICAL_RATIO -> outageCriticalRatio;
            case OUTAGE_MIN_BASELINE -> outageMinBaseline;
            case OUTAGE_DAILY_BASELINE_DAYS -> outageDailyBaselineDays;
            case OUTAGE_SIGNAL -> outageSignal.text();
            case SCAN_ENABLED -> scanEnabled;
            case SCAN_MIN_RATIO -> scanMinRatio;
            case SCAN_MIN_PACKETS -> scanMinPackets;
            case SCAN_MIN_SCORE -> scanMinScore;
            case SWEEP_MIN_PORTS -> sweepMinPorts;
            case SWEEP_MIN_RATIO -> sweepMinRatio;
            case SWEEP_MIN_SCORE -> sweepMinScore;
            case EPISODE_OPEN_AFTER_WINDOWS -> episodeOpenAfterWindows;
            case EPISODE_RESOLVE_AFTER_WINDOWS -> episodeResolveAfterWindows;
            case EPISODE_UPDATE_EVERY_WINDOWS -> episodeUpdateEveryWindows;
            case SIGNAL_TOP_N -> signalTopN;
            case COUNTRY_FORGET_AFTER -> countryForgetAfter;
        };
    }
}
