package io.darkwatch.common.anomaly;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** What kind of event an anomaly reports. New types are added at the end; consumers must tolerate unknown ones. */
public enum AnomalyType {
    /** Many more SYN/ACK (and other backscatter) packets from a country than usual: victims of spoofed DDoS. */
    BACKSCATTER_SURGE,
    /** Far fewer packets from a country than usual, down to none: a shutdown or a large outage. */
    OUTAGE,
    /**
     * Scanning from a country surges: one destination port far above its level (a 23/TCP infection
     * wave), or one netblock sweeping many ports. Never reported as backscatter or outage.
     */
    SCAN_SURGE,
    /**
     * Read in place of a type this build does not know (written by a newer streams-app), so that
     * older consumers keep working; never written by darkwatch itself.
     */
    @JsonEnumDefaultValue
    UNKNOWN
}
