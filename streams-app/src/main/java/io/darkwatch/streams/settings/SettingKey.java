package io.darkwatch.streams.settings;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every detector setting, in one place: key, type, default, allowed range and description. The
 * keys are a contract: {@code darkwatch analyze --set key=value} passes them through unchanged and a
 * config topic will use the same keys, so a key is never renamed. The README's configuration table
 * is generated from this enum ({@link SettingsDocumentation}).
 *
 * <p>Defaults are chosen for a small sensor: a /24 sees about 4.5 packets/s in all, so a country at
 * 0.15 packets/s sends about 45 packets in a five-minute window. Why each default is what it is, is
 * said on its constant.
 */
public enum SettingKey {
    /**
     * 5 minutes: the bin of IODA and Chocolatine; long enough that a 0.15 packets/s country has
     * about 45 packets per window (Poisson noise ±15 %), short enough that an hour-long event spans
     * twelve windows.
     */
    WINDOW_SIZE("window.size", SettingType.DURATION, "5m", "1s", "1d",
            "Length of the event-time windows in which packets are counted per country."),
    /**
     * 30 seconds: packets from several sensors and producer batches arrive a few seconds out of
     * order; half a minute covers that and delays every result by only 10 % of a window.
     */
    WINDOW_GRACE("window.grace", SettingType.DURATION, "30s", "0s", "1h",
            "How long after its end a window still accepts late packets before it is closed."),
    /**
     * 1 hour, Kafka's own bound for record timestamps ahead of the broker's clock
     * ({@code log.message.timestamp.after.max.ms}): a capture time an hour past the moment the broker
     * received the packet is a clock error or a corrupt capture, never traffic. Without a bound one
     * such packet would move stream time ahead, close every open window with zeros (an outage of
     * every country) and make every later packet late.
     */
    PACKETS_MAX_AHEAD("packets.max-ahead", SettingType.DURATION, "1h", "1s", "3650d",
            "Packets captured more than this after the broker received them (LogAppendTime) are dropped as invalid."),
    /**
     * 2016 windows = 7 days of 5-minute windows: IODA compares with the median of a sliding 7-day
     * window. Long enough that a multi-day shutdown (Egypt 2011: 5.5 days, Kazakhstan 2022: 5
     * days) is judged against the level before it; at about 2 bytes a window it costs a few
     * kilobytes of state per country.
     */
    BASELINE_WINDOWS("baseline.windows", SettingType.INTEGER, "2016", "2", "20160",
            "Trailing history per country and detector, in windows; the baseline is taken over it."),
    /**
     * 288 windows = 1 day, so that the baseline has seen a whole daily cycle before anything is
     * claimed. With IODA's 1-hour warm-up, the rise of a ±40 % daily rhythm from its trough looks
     * like a surge to a history that has only seen the trough (measured on generated traffic: 2
     * false episodes in 300 country-days). Lower it to judge short captures, e.g. 12 for a few hours.
     */
    BASELINE_MIN_WINDOWS("baseline.min-windows", SettingType.INTEGER, "288", "1", "20160",
            "No claim is made before this many normal windows are in a country's history."),
    /**
     * 2: a surge of three times the baseline must be found in nearly every window despite Poisson
     * noise, so the ratio test sits below 3; the score test keeps small counts from alarming.
     */
    BACKSCATTER_MIN_RATIO("backscatter.min-ratio", SettingType.DECIMAL, "2", "1", "1000",
            "A backscatter window is anomalous only if it has at least this many times the baseline."),
    /**
     * 10 packets: below that a small sensor sees chance, not a surge (Poisson(2.5) reaches 10 once
     * in 5,000 windows). corsaro's single-attack threshold is 25 packets at a /8; a country window
     * at a /24 is already a sum over many victims.
     */
    BACKSCATTER_MIN_PACKETS("backscatter.min-packets", SettingType.INTEGER, "10", "1", "1000000000",
            "A backscatter window is anomalous only if it has at least this many backscatter packets."),
    /**
     * 4: the score is (observed − baseline) / max(1.4826 × MAD, √baseline), a z-score with a
     * Poisson floor. Measured on generated traffic at the edge of the goal (0.15 packets/s, 20 %
     * backscatter, a 3× surge for one hour): at 4, 97 % of surges are found with their onset within
     * two windows, and a ±40 % daily rhythm raises about one false episode in 3,000 country-days
     * (none in steady traffic); at 4.5 only 87 % are found in time, at 5 only 79 %.
     */
    BACKSCATTER_MIN_SCORE("backscatter.min-score", SettingType.DECIMAL, "4", "0", "1000",
            "A backscatter window is anomalous only if its robust z-score is at least this."),
    /** 0.25: IODA's warning level (below 25 % of the 7-day median). */
    OUTAGE_WARNING_RATIO("outage.warning-ratio", SettingType.DECIMAL, "0.25", "0", "1",
            "An outage window (WARNING) has at most this fraction of the baseline's packets."),
    /** 0.10: IODA's critical level (below 10 % of the 7-day median). */
    OUTAGE_CRITICAL_RATIO("outage.critical-ratio", SettingType.DECIMAL, "0.1", "0", "1",
            "An outage window is CRITICAL when it has at most this fraction of the baseline's packets."),
    /**
     * 20 packets per window: IODA's MovingStat stays silent while the median is below 20. Below
     * that, 25 % of the baseline is within Poisson noise of it: P(Poisson(20) ≤ 5) ≈ 7·10⁻⁵.
     */
    OUTAGE_MIN_BASELINE("outage.min-baseline", SettingType.INTEGER, "20", "1", "1000000000",
            "No outage is claimed for a country whose baseline has fewer packets per window than this."),
    /**
     * 7 days: IODA's and watchtower's history is a 7-day median, and a week holds seven samples of
     * every time of day (thirteen windows each, ±30 minutes), 91 values, enough for a stable median.
     * From the first whole day on, the days there are (up to 7) are used: before that change the
     * trailing median stood for the whole first week, and a strong daily rhythm read it wrong both
     * ways — nights below a quarter of the mean as outages, and a 90 % drop at the daily peak as still
     * above the warning line (the quality sweep's edge seed 1014). Needs {@code baseline.windows} to
     * hold that many days (the default 2016 windows of 5 minutes are 7 days); 0 turns it off.
     */
    OUTAGE_DAILY_BASELINE_DAYS("outage.daily-baseline-days", SettingType.INTEGER, "7", "0", "70",
            "From the first whole day of history on, the outage baseline is the median of the same time of day"
                    + " (±30 minutes) over the last days, up to this many, instead of the trailing median; 0 never."),
    /**
     * {@code packets} (packets that are not backscatter), not IODA's {@code unique-sources}: the
     * defaults are tuned for a small sensor, where a country at 0.15 packets/s sends about 45 packets
     * but far fewer distinct sources per window (a scanner retransmits its SYN and probes several
     * addresses), so on unique sources most small countries would stay below
     * {@code outage.min-baseline} and never be judged; the measured detection quality (see
     * DetectionQualityTest) is for packets, and existing histories keep their meaning. Choose
     * {@code unique-sources} for a telescope of a /16 or more, where one heavy scanner can hide a
     * country's silence in its packet count but not in its count of sources. Start-up only: a live
     * switch would judge one signal against the other's history.
     */
    OUTAGE_SIGNAL("outage.signal", SettingType.CHOICE, "packets", OutageSignal.texts(),
            "What the outage detector counts: packets that are not backscatter, or their distinct source"
                    + " addresses (IODA's signal)."),
    /**
     * false: the scan detectors' thresholds were tuned on simulated traffic only (10-minute 50×
     * bursts, 1,000-port sweeps, 40 seeds); they should see a real sensor's scanning before they
     * alert by default. Their signals also cost store reads on every scan packet.
     */
    SCAN_ENABLED("scan.enabled", SettingType.BOOLEAN, "false", List.of("true", "false"),
            "Run the scan-surge detector (SYN scans of one destination port far above the country's own"
                    + " level). Start-up only."),
    /**
     * 5: the signal is the packets of the country's most scanned port in the window. Steady scanning
     * moves with the daily rhythm (±40 %) and Poisson noise, and a scanner that changes its target port
     * leaves the top port at about the same level; an infection wave such as Mirai's on 23/TCP
     * multiplies one port's scans tenfold or more. Five times the baseline lies well between the two.
     */
    SCAN_MIN_RATIO("scan.min-ratio", SettingType.DECIMAL, "5", "1", "1000",
            "A scan window is anomalous only if its most scanned port has at least this many times the baseline."),
    /**
     * 30 packets: a small sensor's top port in a quiet country sees a handful of SYNs a window, and
     * five times a handful is still chance; 30 SYNs to one port from one country in five minutes at a
     * /24 is a wave, not a scanner's visit.
     */
    SCAN_MIN_PACKETS("scan.min-packets", SettingType.INTEGER, "30", "1", "1000000000",
            "A scan window is anomalous only if its most scanned port has at least this many SYN packets."),
    /**
     * 6, above backscatter's 4: the score has the same form ((observed − baseline) / max(1.4826 × MAD,
     * √baseline)), but scanning is burstier than backscatter (one scanner can double a port for a
     * window), and a missed short wave costs less than a false alert.
     */
    SCAN_MIN_SCORE("scan.min-score", SettingType.DECIMAL, "6", "0", "1000",
            "A scan window is anomalous only if its robust z-score is at least this."),
    /**
     * 100 ports: the steady scanners a darknet sees probe one port or a handful (SSH, Telnet, SMB, RDP,
     * web); a block that probes a hundred distinct ports in five minutes is mapping services (nmap's
     * quick scan is its top 100 ports). Run with {@code scan.enabled}.
     */
    SWEEP_MIN_PORTS("sweep.min-ports", SettingType.INTEGER, "100", "2", "65536",
            "A port sweep is claimed only if one source netblock (/24, IPv6 /48) scanned at least this many"
                    + " distinct ports in the window."),
    /** 5, as {@code scan.min-ratio}: far above the country's own widest sweeps, not a busy day of them. */
    SWEEP_MIN_RATIO("sweep.min-ratio", SettingType.DECIMAL, "5", "1", "1000",
            "A port sweep is claimed only if its port count is at least this many times the baseline."),
    /** 6, as {@code scan.min-score}, for the same burstiness of scanning. */
    SWEEP_MIN_SCORE("sweep.min-score", SettingType.DECIMAL, "6", "0", "1000",
            "A port sweep is claimed only if its robust z-score is at least this."),
    /**
     * 2 windows: one window can be chance, two in a row rarely are; the episode's onset is still
     * reported as the first anomalous window, so only the alert is 5 minutes later.
     */
    EPISODE_OPEN_AFTER_WINDOWS("episode.open-after-windows", SettingType.INTEGER, "2", "1", "1000",
            "An episode is opened after this many anomalous windows in a row."),
    /**
     * 3 windows: one normal-looking window in the middle of a surge (Poisson noise) must not end
     * the episode; a quarter of an hour of normal traffic does.
     */
    EPISODE_RESOLVE_AFTER_WINDOWS("episode.resolve-after-windows", SettingType.INTEGER, "3", "1", "1000",
            "An open episode is resolved after this many normal windows in a row."),
    /** 12 windows = one ONGOING update an hour: enough to see an episode is alive without flooding Slack. */
    EPISODE_UPDATE_EVERY_WINDOWS("episode.update-every-windows", SettingType.INTEGER, "12", "1", "100000",
            "An open episode reports ONGOING at most once every this many windows."),
    /** 10: the victims and ports worth reading in an alert; the rest is summed as "other". */
    SIGNAL_TOP_N("signal.top-n", SettingType.INTEGER, "10", "1", "1000",
            "How many destination ports, victims and victim ports a country window keeps."),
    /**
     * 8 days, a day longer than the default baseline: a silent country keeps getting zero windows
     * (so its outage is seen and judged) for the whole baseline; after that it is forgotten so that
     * a country seen once does not cost a window record forever.
     */
    COUNTRY_FORGET_AFTER("country.forget-after", SettingType.DURATION, "8d", "1m", "3650d",
            "A country not heard for this long gets no more (zero) windows until it is heard again.");

    private static final Map<String, SettingKey> BY_KEY = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(SettingKey::key, Function.identity()));

    private final String key;
    private final SettingType type;
    private final String defaultText;
    private final String minText;
    private final String maxText;
    private final List<String> choices;
    private final String description;

    SettingKey(String key, SettingType type, String defaultText, String minText, String maxText,
            String description) {
        this.key = key;
        this.type = type;
        this.defaultText = defaultText;
        this.minText = minText;
        this.maxText = maxText;
        this.choices = List.of();
        this.description = description;
    }

    /** A boolean or choice setting: no range, one of a few words. */
    SettingKey(String key, SettingType type, String defaultText, List<String> choices, String description) {
        this.key = key;
        this.type = type;
        this.defaultText = defaultText;
        this.minText = null;
        this.maxText = null;
        this.choices = List.copyOf(choices);
        this.description = description;
    }

    public String key() {
        return key;
    }

    public SettingType type() {
        return type;
    }

    public String defaultText() {
        return defaultText;
    }

    public String minText() {
        return minText;
    }

    public String maxText() {
        return maxText;
    }

    /** The words a boolean or choice setting allows; empty for a setting with a range. */
    public List<String> choices() {
        return choices;
    }

    /** The allowed values as the README writes them: {@code min – max} or the choices. */
    public String rangeText() {
        return choices.isEmpty() ? minText + " – " + maxText : String.join(", ", choices);
    }

    public String description() {
        return description;
    }

    public Object defaultValue() {
        return type.parse(defaultText);
    }

    public static Optional<SettingKey> byKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /** The known key closest to a mistyped one, if any is close (for "did you mean"). */
    public static Optional<SettingKey> closestTo(String unknown) {
        return Arrays.stream(values())
                .min(Comparator.comparingInt(k -> editDistance(k.key, unknown)))
                .filter(k -> editDistance(k.key, unknown) <= Math.max(2, unknown.length() / 4));
    }

    /**
     * A problem with a value of this setting's type (as {@link SettingType#parse} returns it), or null
     * when it is within range.
     */
    public String rangeProblem(Object value) {
        if (!choices.isEmpty()) {
            String text = type.format(value);
            return choices.contains(text) ? null
                    : key + ": '" + text + "' is not one of " + String.join(", ", choices);
        }
        if (compare(value, type.parse(minText)) < 0 || compare(value, type.parse(maxText)) > 0) {
            return key + ": " + type.format(value) + " is out of range [" + minText + ", " + maxText + "]";
        }
        return null;
    }

    private static int compare(Object a, Object b) {
        if (a instanceof Duration da) {
            return da.compareTo((Duration) b);
        }
        return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
    }

    // Levenshtein distance; keys are short and this runs once per unknown key at start-up.
    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitution, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
