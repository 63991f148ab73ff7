package io.darkwatch.streams.topology;

import io.darkwatch.common.topic.Topics;
import io.darkwatch.streams.settings.DetectorSettings;
import java.time.Duration;
import io.darkwatch.common.json.JsonSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The state the query API reads, added to the topology beside the detection (nothing in the
 * detection depends on it):
 *
 * <pre>
 * darkwatch.country-windows ──▶ window-history-recorder ──▶ stores: window-history (window store,
 *   (key country)                                                    retention = query retention),
 *                                                                    latest-windows (country → newest window),
 *                                                                    daily-totals (window store of one-day
 *                                                                    windows, retention 400 days)
 * detector ──▶ open-anomalies-recorder ──▶ store: open-anomalies (episode id → its latest event)
 * </pre>
 *
 * <p>Why the history is read back from the country-windows topic rather than forwarded inside the
 * aggregator's task: the topic is keyed by country and written by Kafka Streams' default
 * partitioner, so {@code queryMetadataForKey(store, country, StringSerializer)} names the owning
 * instance whatever key and partitioner the packet producers use; and the aggregator stays as it
 * is. The price is one more read of a topic this application writes anyway, and that the history
 * shows what was published, i.e. committed windows only (exactly-once).
 *
 * <p>Bounded: the window stores drop whole segments older than their retention (daily-totals: one
 * row of at most {@value DailyTotals#MAX_PORTS} ports per country and day); latest-windows holds
 * one window per country; open-anomalies one event per open episode, and episodes not updated
 * within the retention are dropped (a country that went silent for good never resolves).
 */
public final class QueryStores {
    public static final String HISTORY_SOURCE = "country-windows-history";
    public static final String HISTORY_RECORDER = "window-history-recorder";
    public static final String HISTORY_STORE = "window-history";
    public static final String LATEST_STORE = "latest-windows";
    public static final String DAILY_STORE = "daily-totals";
    public static final String ANOMALY_RECORDER = "open-anomalies-recorder";
    public static final String OPEN_ANOMALIES_STORE = "open-anomalies";
    /** Three days: today against yesterday with a day to spare, at about 250 × 288 windows a day. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(3);
    /**
     * 400 days: this quarter against the previous one, and this day against the same day a year ago,
     * at about 250 rows a day.
     */
    public static final Duration DAILY_RETENTION = Duration.ofDays(400);

    private QueryStores() {
    }

    /**
     * @param anomalySource the processor whose anomaly events (key episode id) are recorded
     * @throws IllegalArgumentException when the retention is shorter than two windows
     */
    static void addTo(Topology t, DetectorSettings settings, Duration retention, String anomalySource) {
        Duration window = settings.windowSize();
        if (retention.compareTo(window.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("query retention " + retention + " is shorter than two windows of "
                    + window + ": nothing but the current window could be asked about");
        }
        t.addSource(AutoOffsetReset.earliest(), HISTORY_SOURCE, Topics.COUNTRY_WINDOWS.key().deserializer(),
                Topics.COUNTRY_WINDOWS.value().deserializer(), Topics.COUNTRY_WINDOWS.name());
        t.addProcessor(HISTORY_RECORDER, WindowHistoryRecorder::new, HISTORY_SOURCE);
        t.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(HISTORY_STORE, retention, window,
                false), Serdes.String(), Topics.COUNTRY_WINDOWS.value()), HISTORY_RECORDER);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LATEST_STORE), Serdes.String(),
                Topics.COUNTRY_WINDOWS.value()), HISTORY_RECORDER);
        Duration dailyRetention = retention.compareTo(DAILY_RETENTION) > 0 ? retention : DAILY_RETENTION;
        // Cached: a country's day is read and rewritten with each of its 288 windows.
        t.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(DAILY_STORE, dailyRetention,
                DailyTotals.DAY, false), Serdes.String(), new JsonSerde<>(DailyTotals.class)).withCachingEnabled(),
                HISTORY_RECORDER);
        t.addProcessor(ANOMALY_RECORDER, () -> new OpenAnomalyRecorder(retention), anomalySource);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OPEN_ANOMALIES_STORE),
                Serdes.String(), Topics.ANOMALIES.value()), ANOMALY_RECORDER);
    }
}
