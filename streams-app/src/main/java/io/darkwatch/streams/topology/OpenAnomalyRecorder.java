package io.darkwatch.streams.topology;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the latest event of every open episode (OPEN or ONGOING) and forgets an episode when it
 * is RESOLVED. An episode whose latest event is older than the retention (in event time) is dropped
 * when the next event of its task arrives: its country was forgotten and it will never resolve.
 */
final class OpenAnomalyRecorder implements Processor<String, Anomaly, Void, Void> {
    private final long retentionMillis;
    private KeyValueStore<String, Anomaly> open;

    OpenAnomalyRecorder(Duration retention) {
        this.retentionMillis = retention.toMillis();
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        open = context.getStateStore(QueryStores.OPEN_ANOMALIES_STORE);
    }

    @Override
    public void process(Record<String, Anomaly> record) {
        Anomaly a = record.value();
        if (a == null) {
            return;
        }
        if (a.status() == EpisodeStatus.RESOLVED) {
            open.delete(a.id());
        } else {
            open.put(a.id(), a);
        }
        // Open episodes are few (one per detector and country at most): a scan per event is cheap.
        long oldest = a.windowEnd().toEpochMilli() - retentionMillis;
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, Anomaly> it = open.all()) {
            while (it.hasNext()) {
                KeyValue<String, Anomaly> kv = it.next();
                if (kv.value.windowEnd().toEpochMilli() < oldest) {
                    stale.add(kv.key);
                }
            }
        }
        stale.forEach(open::delete);
    }
}
