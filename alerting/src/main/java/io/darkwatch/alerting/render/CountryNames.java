package io.darkwatch.alerting.render;

import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Optional;

/** English country names for ISO 3166-1 alpha-2 codes, from the JDK's own locale data (no extra table to keep). */
public final class CountryNames {
    private CountryNames() {
    }

    /**
     * {@code UA} → {@code Ukraine}; empty for codes that name no country: ISO's user-assigned codes
     * ({@code AA}, {@code QM}–{@code QZ}, {@code XA}–{@code XZ} but Kosovo's {@code XK}, and
     * {@code ZZ}, which geo databases and the JDK use for "unknown") and anything the JDK does not know.
     */
    public static Optional<String> name(String code) {
        if (code == null || code.length() != 2) {
            return Optional.empty();
        }
        String region = code.toUpperCase(Locale.ROOT);
        if (userAssigned(region)) {
            return Optional.empty();
        }
        try {
            String name = new Locale.Builder().setRegion(region).build().getDisplayCountry(Locale.ENGLISH);
            // For a code it does not know, the JDK answers with the code itself.
            return name.isBlank() || name.equalsIgnoreCase(region) ? Optional.empty() : Optional.of(name);
        } catch (IllformedLocaleException e) {
            return Optional.empty();
        }
    }

    private static boolean userAssigned(String region) {
        char first = region.charAt(0);
        char second = region.charAt(1);
        // XK is user-assigned too, but geo databases (MaxMind) and the JDK use it for Kosovo.
        return region.equals("AA") || region.equals("ZZ") || first == 'X' && second != 'K'
                || first == 'Q' && second >= 'M' && second <= 'Z';
    }

    /** {@code Ukraine (UA)}, or just the code when it has no name. */
    public static String label(String code) {
        return name(code).map(n -> n + " (" + code + ")").orElse(code);
    }
}
