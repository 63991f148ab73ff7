package io.darkwatch.alerting.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CountryNamesTest {

    @Test
    void shouldNameACountryInEnglishFollowedByItsCode() {
        assertEquals("Ukraine (UA)", CountryNames.label("UA"));
        assertEquals("Kazakhstan (KZ)", CountryNames.label("KZ"));
        assertEquals(Optional.of("Egypt"), CountryNames.name("EG"));
        assertEquals("Kosovo (XK)", CountryNames.label("XK"), "user-assigned, but what geo databases call Kosovo");
    }

    @Test
    void shouldFallBackToTheCodeWhenTheJdkHasNoNameForIt() {
        assertEquals("ZZ", CountryNames.label("ZZ"));
        assertEquals("XX", CountryNames.label("XX"));
        assertEquals("??", CountryNames.label("??"));
        assertEquals("XYZ", CountryNames.label("XYZ"));
    }
}
