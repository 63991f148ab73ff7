package io.darkwatch.alerting.service;

import io.darkwatch.alerting.grouping.GroupingSettings;
import io.darkwatch.alerting.silence.SilenceSource;
import java.util.Objects;
import java.util.Optional;

/**
 * What the service does between reading an event and sending it: silences, routes and grouping.
 *
 * @param grouping how events are grouped into messages; empty: each is sent on its own as it comes
 * @param routing  which route (and route sink) each event takes
 * @param silences the silences obeyed; the service owns and closes it
 */
public record AlertPolicies(Optional<GroupingSettings> grouping, AlertRouting routing, SilenceSource silences) {
    /** Every event sent on its own, to the common sinks only, nothing silenced. */
    public static final AlertPolicies NONE = new AlertPolicies(Optional.empty(), AlertRouting.NONE, SilenceSource.NONE);

    public AlertPolicies {
        Objects.requireNonNull(grouping, "grouping");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(silences, "silences");
    }
}
