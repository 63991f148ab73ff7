package io.darkwatch.streams.settings;

/** Writes the README's configuration table from {@link SettingKey}, so the two cannot disagree. */
public final class SettingsDocumentation {

    private SettingsDocumentation() {
    }

    /** A Markdown table: key, type, default, range, description. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("| key | type | default | range | description |\n");
        sb.append("|---|---|---|---|---|\n");
        for (SettingKey k : SettingKey.values()) {
            sb.append("| `").append(k.key()).append("` | ").append(k.type().label())
                    .append(" | `").append(k.defaultText()).append("` | ")
                    .append(k.rangeText()).append(" | ")
                    .append(k.description()).append(" |\n");
        }
        return sb.toString();
    }
}
