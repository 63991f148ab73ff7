package io.darkwatch.streams.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.streams.config.ConfigValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/detectors.md tells operators what every detector setting defaults to, what it may be set to and
 * whether it can be changed live. This test keeps that page true to {@link SettingKey} and
 * {@link ConfigValidator#NOT_LIVE}: a key added, a default or range changed, or a setting made live
 * without the page following fails the build, naming each difference.
 *
 * <p>Which keys must be there: all of them. {@link SettingKey} is the enum of <em>detector</em>
 * settings: {@link DetectorSettings} carries every key to the detectors and to the windows they judge
 * (even {@code window.grace}, {@code signal.top-n} and {@code country.forget-after} decide what a
 * detector sees), so none is exempt.
 *
 * <p>The page's settings reference is a Markdown table whose header has the columns {@code key},
 * {@code type}, {@code default}, {@code range} and {@code live}; keys and defaults are written in
 * backticks. Defaults are compared as values ({@code 0.10} and {@code 0.1} are the same), ranges and
 * types as the README table writes them.
 */
class DetectorDocsTest {
    private static final String DOC = "docs/detectors.md";

    @Test
    void shouldDocumentEveryDetectorSettingWithItsDefaultRangeAndLiveness() throws IOException {
        // Given the detector page of this checkout
        String page = Files.readString(findDoc(), StandardCharsets.UTF_8);

        // When its settings table is compared with the settings the code declares
        List<String> problems = problems(page);

        // Then they agree on every key
        assertEquals(List.of(), problems, "docs/detectors.md disagrees with SettingKey:\n  "
                + String.join("\n  ", problems));
    }

    @Test
    void shouldNameAMissingKeyAndAWrongDefault() {
        // Given a page whose table documents every key correctly except two
        StringBuilder table = new StringBuilder(header());
        for (SettingKey k : SettingKey.values()) {
            if (k == SettingKey.OUTAGE_MIN_BASELINE) {
                continue;
            }
            String def = k == SettingKey.BACKSCATTER_MIN_SCORE ? "5" : k.defaultText();
            table.append(row(k, def, k.rangeText(), live(k)));
        }

        // When it is checked
        List<String> problems = problems("# Detectors\n\n" + table + "\nMore text.\n");

        // Then exactly those two are named
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("outage.min-baseline: not documented")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("backscatter.min-score: default")), problems.toString());
    }

    @Test
    void shouldAcceptEqualValuesWrittenDifferentlyAndRejectAWrongRangeOrLiveness() {
        // Given a page that writes 0.10 for 0.1 and 300s for 5m, but a wrong range and liveness for two keys
        StringBuilder table = new StringBuilder(header());
        for (SettingKey k : SettingKey.values()) {
            String def = switch (k) {
                case OUTAGE_CRITICAL_RATIO -> "0.10";
                case WINDOW_SIZE -> "300s";
                default -> k.defaultText();
            };
            String range = k == SettingKey.EPISODE_OPEN_AFTER_WINDOWS ? "1 – 10" : k.rangeText();
            String live = k == SettingKey.WINDOW_GRACE ? "yes" : live(k);
            table.append(row(k, def, range, live));
        }

        // When it is checked
        List<String> problems = problems(table.toString());

        // Then only the range and the liveness are wrong
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("window.grace: live") || problems.get(1).startsWith("window.grace: live"),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("episode.open-after-windows: range")), problems.toString());
    }

    @Test
    void shouldRefuseAPageWithoutASettingsTable() {
        List<String> problems = problems("# Detectors\n\nNo table here.\n");
        assertFalse(problems.isEmpty());
        assertTrue(problems.get(0).contains("no settings table"), problems.toString());
    }

    // ---- the check ----

    /** Every difference between the page's settings table and {@link SettingKey}; empty when they agree. */
    static List<String> problems(String page) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, String>> rows = settingsRows(page, problems);
        if (rows == null) {
            return problems;
        }
        for (SettingKey k : SettingKey.values()) {
            Map<String, String> row = rows.remove(k.key());
            if (row == null) {
                problems.add(k.key() + ": not documented in the settings table");
                continue;
            }
            String type = row.get("type");
            if (!k.type().label().equals(type)) {
                problems.add(k.key() + ": type documented as '" + type + "', SettingKey says '" + k.type().label() + "'");
            }
            String documented = row.get("default");
            if (!sameValue(k, documented)) {
                problems.add(k.key() + ": default documented as '" + documented + "', SettingKey says '"
                        + k.defaultText() + "'");
            }
            String range = row.get("range");
            if (!k.rangeText().equals(range)) {
                problems.add(k.key() + ": range documented as '" + range + "', SettingKey says '" + k.rangeText() + "'");
            }
            String live = row.get("live");
            if (!live(k).equals(live)) {
                problems.add(k.key() + ": live documented as '" + live + "', the config validator says '" + live(k) + "'");
            }
        }
        rows.keySet().forEach(key -> problems.add(key + ": documented, but SettingKey has no such key"));
        return problems;
    }

    private static boolean sameValue(SettingKey k, String documented) {
        try {
            return k.type().parse(documented).equals(k.type().parse(k.defaultText()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** "yes" when the key can be set on the config topic, "no" when it is a start-up setting. */
    private static String live(SettingKey k) {
        return ConfigValidator.NOT_LIVE.containsKey(k) ? "no" : "yes";
    }

    /**
     * The rows of the first table whose header has key, type, default, range and live columns, by key;
     * cell text without backticks. Null (and a problem) when there is no such table.
     */
    private static Map<String, Map<String, String>> settingsRows(String page, List<String> problems) {
        List<String> lines = page.lines().toList();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (!isTableLine(lines.get(i))) {
                continue;
            }
            List<String> header = cells(lines.get(i)).stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
            if (!header.containsAll(List.of("key", "type", "default", "range", "live"))) {
                continue;
            }
            Map<String, Map<String, String>> rows = new LinkedHashMap<>();
            // Line i + 1 is the |---| separator.
            for (int j = i + 2; j < lines.size() && isTableLine(lines.get(j)); j++) {
                List<String> cells = cells(lines.get(j));
                Map<String, String> row = new LinkedHashMap<>();
                for (int c = 0; c < header.size() && c < cells.size(); c++) {
                    row.put(header.get(c), cells.get(c));
                }
                String key = row.get("key");
                if (key != null && rows.put(key, row) != null) {
                    problems.add(key + ": documented twice in the settings table");
                }
            }
            return rows;
        }
        problems.add("no settings table (a Markdown table with columns key, type, default, range and live) in " + DOC);
        return null;
    }

    private static boolean isTableLine(String line) {
        return line.trim().startsWith("|");
    }

    private static List<String> cells(String line) {
        String t = line.trim();
        t = t.substring(1, t.endsWith("|") && t.length() > 1 ? t.length() - 1 : t.length());
        return Arrays.stream(t.split("\\|", -1)).map(c -> c.trim().replace("`", "").trim()).toList();
    }

    /**
     * The page, found from the working directory upwards: Surefire runs in the module directory
     * (streams-app/, the page is ../docs/detectors.md), an IDE often in the repository root.
     */
    private static Path findDoc() {
        Path start = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(DOC);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(DOC + " not found in " + start + " or any directory above it");
    }

    // ---- building test pages ----

    private static String header() {
        return "| key | type | default | range | live | source |\n|---|---|---|---|---|---|\n";
    }

    private static String row(SettingKey k, String def, String range, String live) {
        return "| `" + k.key() + "` | " + k.type().label() + " | `" + def + "` | " + range + " | " + live
                + " | why |\n";
    }
}
