package io.darkwatch.streams.topology;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.streams.config.EffectiveSettings;
import io.darkwatch.streams.detect.CountryMonitor;
import io.darkwatch.streams.detect.CountryState;
import io.darkwatch.streams.detect.WindowObservation;
import io.darkwatch.streams.enrich.VictimOwners;
import io.darkwatch.streams.settings.SettingsLookup;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the detectors on each closed country window: loads the country's {@link CountryState} from
 * the detector-state store, lets the {@link CountryMonitor} judge the window, stores the state
 * back and publishes the anomaly events keyed by episode id. The thresholds are resolved per
 * detector and country from the config-scopes global store on every window, so a config record
 * applies from the next window on. All maths lives in the detect package; this class only moves
 * state and records.
 */
final class DetectorProcessor implements Processor<String, WindowObservation, String, Anomaly> {
    private static final Logger LOG = LoggerFactory.getLogger(DetectorProcessor.class);

    private final CountryMonitor monitor;
    private final EffectiveSettings effective;
    private final TopologyMetrics metrics;
    private final boolean uniqueSourcesCounted;
    private final VictimOwners victimOwners;
    // The countries this task's metrics were exported for, dropped when the task leaves this instance.
    private final Set<String> exported = new HashSet<>();
    private ProcessorContext<String, Anomaly> context;
    private KeyValueStore<String, CountryState> states;
    private SettingsLookup lookup;

    /**
     * @param uniqueSourcesCounted whether the windows carry distinct sources ({@code outage.signal=unique-sources})
     * @param victimOwners         adds the victims' AS organisations to the events
     */
    DetectorProcessor(CountryMonitor monitor, EffectiveSettings effective, TopologyMetrics metrics,
            boolean uniqueSourcesCounted, VictimOwners victimOwners) {
        this.monitor = monitor;
        this.effective = effective;
        this.metrics = metrics;
        this.uniqueSourcesCounted = uniqueSourcesCounted;
        this.victimOwners = victimOwners;
    }

    @Override
    public void init(ProcessorContext<String, Anomaly> context) {
        this.context = context;
        states = context.getStateStore(DarkwatchTopology.DETECTOR_STORE);
        KeyValueStore<String, String> scopes = context.getStateStore(DarkwatchTopology.CONFIG_STORE);
        lookup = (detector, country) -> effective.resolve(detector, country, scopes::get);
    }

    @Override
    public void process(Record<String, WindowObservation> record) {
        WindowObservation window = record.value();
        metrics.traffic().countryWindow(window, uniqueSourcesCounted);
        exported.add(window.country());
        if (PacketSummary.UNKNOWN_COUNTRY.equals(window.country())) {
            // ZZ gathers special-purpose, bogon and unmapped sources: counted in its windows (dashboards
            // see it), but "an outage of nowhere" or "a surge from nowhere" is no finding about a country.
            return;
        }
        CountryState state = states.get(window.country());
        if (state == null) {
            state = CountryState.empty();
        }
        var events = monitor.observe(state, window, lookup, metrics.traffic());
        states.put(window.country(), state);
        for (Anomaly event : events) {
            Anomaly a = victimOwners.enrich(event);
            LOG.info("{} {} {} {} in window {}: observed {} expected {} (score {})", a.status(), a.severity(),
                    a.type(), a.country(), a.windowStart(), a.observed(), a.expected(), a.score());
            context.forward(new Record<>(a.id(), a, record.timestamp()));
            metrics.anomaly(a.type(), a.status());
            metrics.traffic().anomaly(a);
        }
    }

    /**
     * The task is closed: moved to another instance by a rebalance, or the app stops. Its countries'
     * series go with it, so that with several instances only the owner exports a country's gauges and
     * {@code sum by (country)} never adds a stale copy.
     */
    @Override
    public void close() {
        exported.forEach(metrics.traffic()::forget);
        exported.clear();
    }
}
