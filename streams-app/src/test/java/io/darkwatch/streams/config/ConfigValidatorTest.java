package io.darkwatch.streams.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.settings.InvalidSettingsException;
import io.darkwatch.streams.settings.SettingKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {
    private static final Instant AT = Instant.parse("2026-01-01T12:00:00Z");
    private final ConfigValidator validator = new ConfigValidator(DetectorSettings.defaults());

    private static ConfigRecord record(Map<String, String> settings) {
        return new ConfigRecord(1, settings, "alice", AT, "");
    }

    @Test
    void shouldAcceptARecordAndWriteItsValuesInCanonicalForm() {
        // Given a record as a person writes it, a number given as a JSON number
        String json = "{\"schemaVersion\":1,\"settings\":{\"outage.warning-ratio\":0.20,"
                + "\"outage.min-baseline\":\" 5 \"},\"updatedBy\":\"alice\",\"updatedAt\":\"2026-01-01T12:00:00Z\","
                + "\"comment\":\"KZ is small\",\"futureField\":true}";

        // When it is checked
        ConfigValidation v = validator.validate("detector/outage/country/KZ", json, Map.of());

        // Then it is accepted, with canonical values and its author and reason kept
        assertEquals(List.of(), v.problems());
        assertEquals(new ConfigRecord(1, Map.of("outage.warning-ratio", "0.2", "outage.min-baseline", "5"), "alice",
                AT, "KZ is small"), v.record());
        assertEquals(ConfigScope.country("outage", "KZ"), v.scope());
        assertEquals(v.record(), ConfigRecord.fromStoredJson(v.record().toJson()));
    }

    @Test
    void shouldReportEveryProblemOfARecordAtOnce() {
        // Given a record with a wrong schema version, no author, a bad time, and six bad settings
        String json = "{\"schemaVersion\":2,\"settings\":{"
                + "\"window.size\":\"1m\","
                + "\"outage.warning-ratio\":\"1.5\","
                + "\"backscatter.min-score\":\"high\","
                + "\"baseline.min-windows\":[12],"
                + "\"episode.open-after-window\":\"3\","
                + "\"outage.min-baseline\":\"10\"},"
                + "\"updatedAt\":\"yesterday\"}";

        // When it is checked for the backscatter detector's scope
        ConfigValidation v = validator.validate("detector/backscatter-surge", json, Map.of());

        // Then every problem is reported, each with its reason
        assertEquals(List.of(
                "schemaVersion 2 is not supported (this version reads 1)",
                "updatedBy (who made the change) is missing",
                "updatedAt must be an ISO-8601 instant such as 2026-01-01T12:00:00Z, not 'yesterday'",
                "backscatter.min-score: 'high' is not a decimal number",
                "baseline.min-windows: [12] must be text or a number",
                "unknown setting 'episode.open-after-window' (did you mean episode.open-after-windows?)",
                "outage.min-baseline belongs to detector outage, not to backscatter-surge; set it in global or"
                        + " detector/outage",
                "outage.warning-ratio belongs to detector outage, not to backscatter-surge; set it in global or"
                        + " detector/outage",
                "window.size cannot be changed live: the open windows in the state stores are cut by it; set it at"
                        + " start-up (--set) under a new application id"), v.messages());
        assertEquals(List.of("schema-version", "malformed", "type", "unknown-key", "wrong-detector", "not-live"),
                v.reasons());
        assertNull(v.record());
        assertEquals(9, assertThrows(InvalidSettingsException.class, v::orThrow).problems().size());
    }

    @Test
    void shouldRejectValuesOutOfRangeAndUnknownScopesTogether() {
        ConfigValidation v = validator.validate("detector/outage/country/Kazakhstan",
                "{\"schemaVersion\":1,\"settings\":{\"outage.warning-ratio\":\"1.5\"},\"updatedBy\":\"a\","
                        + "\"updatedAt\":\"2026-01-01T12:00:00Z\"}", Map.of());
        assertEquals(List.of("scope", "range"), v.reasons());
        assertEquals("outage.warning-ratio: 1.5 is out of range [0, 1]", v.messages().get(1));
    }

    @Test
    void shouldRejectWhatIsNotAConfigRecordAtAll() {
        assertEquals(List.of("malformed"), validator.validate("global", "{\"schemaVersion\":1,", Map.of()).reasons());
        assertEquals(List.of("the value must be a JSON object with schemaVersion, settings, updatedBy, updatedAt and"
                + " comment"), validator.validate("global", "[1]", Map.of()).messages());
        assertEquals(List.of("settings is empty: to go back to the defaults, delete the scope (a null value) instead"),
                validator.validate("global", Map.of(), "alice", AT, "", Map.of()).messages());
    }

    @Test
    void shouldNeverAcceptASettingThatIsOnlyReadAtStartUp() {
        for (SettingKey key : ConfigValidator.NOT_LIVE.keySet()) {
            ConfigValidation v = validator.validate("global", Map.of(key.key(), key.defaultText()), "alice", AT, "",
                    Map.of());
            assertEquals(List.of("not-live"), v.reasons(), key.key());
        }
        assertEquals(8, ConfigValidator.NOT_LIVE.size());
    }

    @Test
    void shouldCheckTheRulesBetweenSettingsOnTopOfTheScopesInForce() {
        // Given the outage detector's warning ratio raised to 0.5, and KZ's critical ratio at 0.4 under it
        Map<String, ConfigRecord> current = Map.of(
                "detector/outage", record(Map.of("outage.warning-ratio", "0.5")),
                "detector/outage/country/KZ", record(Map.of("outage.critical-ratio", "0.4")));

        // When the detector's warning ratio is to be lowered to 0.3
        ConfigValidation lowered = validator.validate("detector/outage", Map.of("outage.warning-ratio", "0.3"),
                "bob", AT, "", current);

        // Then it is rejected because of KZ's scope, which it would break
        assertEquals(List.of("outage.critical-ratio (0.4) must be below outage.warning-ratio (0.3) (together with"
                + " detector/outage/country/KZ)"), lowered.messages());
        assertEquals(List.of("rule"), lowered.reasons());

        // And a global change that the detector scope overrides anyway is accepted
        assertTrue(validator.validate("global", Map.of("outage.warning-ratio", "0.2"), "bob", AT, "", current)
                .accepted());

        // And a rule broken by the record alone is reported without other scopes
        assertEquals(List.of("outage.critical-ratio (0.3) must be below outage.warning-ratio (0.25)"),
                validator.validate("global", Map.of("outage.critical-ratio", "0.3"), "bob", AT, "", Map.of())
                        .messages());
    }

    @Test
    void shouldAcceptTheDeletionOfAnyScopeButRefuseAKeyThatNamesNone() {
        assertTrue(validator.validateDeletion("detector/outage/country/KZ").accepted());
        assertEquals(List.of("scope"), validator.validateDeletion("detector/outage/KZ").reasons());
    }

    @Test
    void shouldAcceptScanThresholdsOnlyInGlobalAndTheScanDetectorsScopes() {
        assertEquals(List.of(), validator.validate("detector/scan-surge/country/CN", Map.of("scan.min-ratio", "8"),
                "alice", AT, "", Map.of()).messages());
        assertEquals(List.of(), validator.validate("global", Map.of("scan.min-packets", "50"), "alice", AT, "",
                Map.of()).messages());
        assertEquals(List.of("wrong-detector"), validator.validate("detector/outage", Map.of("scan.min-score", "5"),
                "alice", AT, "", Map.of()).reasons());
        assertEquals(List.of("not-live"), validator.validate("detector/outage", Map.of("outage.signal",
                "unique-sources"), "alice", AT, "", Map.of()).reasons());
    }
}
