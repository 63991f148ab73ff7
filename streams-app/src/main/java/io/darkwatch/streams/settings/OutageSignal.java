package io.darkwatch.streams.settings;

import java.util.Arrays;
import java.util.List;

/** What the outage detector counts per country and window ({@code outage.signal}). */
public enum OutageSignal {
    /** Packets that are not backscatter. */
    PACKETS("packets"),
    /** Distinct source addresses of packets that are not backscatter, IODA's telescope signal. */
    UNIQUE_SOURCES("unique-sources");

    private final String text;

    OutageSignal(String text) {
        this.text = text;
    }

    /** The setting's word for it. */
    public String text() {
        return text;
    }

    public static List<String> texts() {
        return Arrays.stream(values()).map(OutageSignal::text).toList();
    }

    /** @throws IllegalArgumentException naming the allowed words */
    public static OutageSignal of(String text) {
        return Arrays.stream(values()).filter(s -> s.text.equals(text)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("'" + text + "' is not one of " + String.join(", ", texts())));
    }
}
