package io.darkwatch.streams.topology;

import io.darkwatch.common.signal.CountryWindow;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Keeps every published country window under (country, window start), each country's newest one, and
 * each country's sum per UTC day ({@link DailyTotals}).
 */
final class WindowHistoryRecorder implements Processor<String, CountryWindow, Void, Void> {
    private WindowStore<String, CountryWindow> history;
    private KeyValueStore<String, CountryWindow> latest;
    private WindowStore<String, DailyTotals> daily;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        history = context.getStateStore(QueryStores.HISTORY_STORE);
        latest = context.getStateStore(QueryStores.LATEST_STORE);
        daily = context.getStateStore(QueryStores.DAILY_STORE);
    }

    @Override
    public void process(Record<String, CountryWindow> record) {
        CountryWindow w = record.value();
        if (w == null) {
            return;
        }
        long start = w.windowStart().toEpochMilli();
        history.put(w.country(), w, start);
        CountryWindow newest = latest.get(w.country());
        // A replayed or re-published older window must not hide the newest one.
        if (newest == null || !newest.windowStart().isAfter(w.windowStart())) {
            latest.put(w.country(), w);
        }
        long day = DailyTotals.dayOf(w.windowStart()).toEpochMilli();
        DailyTotals sum = daily.fetch(w.country(), day);
        daily.put(w.country(), sum == null ? DailyTotals.of(w) : sum.plus(w), day);
    }
}
