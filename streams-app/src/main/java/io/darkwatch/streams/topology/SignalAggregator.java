package io.darkwatch.streams.topology;

import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.packet.PacketBlockCodec;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.streams.detect.WindowObservation;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.settings.OutageSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts packets per event-time window and country, and closes windows as stream time passes.
 *
 * <p>Why a processor and not {@code windowedBy().count()}: a windowed aggregation only emits what
 * it was given, so a country that falls silent produces no window at all and its outage would
 * never be seen. Here every country ever heard (the known-countries store) gets a window each
 * time a window closes, with zeros when it sent nothing, and a window closes as soon as stream time
 * (any country's packet or a heartbeat on this partition) passes its end plus the grace period.
 *
 * <p>Windows close in order, one at a time, including windows in which nothing at all arrived
 * (stream time can jump, e.g. after a sensor restart). A packet whose window is already closed is
 * late: it is counted in {@code darkwatch.records.late} and dropped.
 *
 * <p>Counting is in memory; durability comes from a journal. Records are blocks of packets of one
 * country ({@code PacketBlock}; a version 1 record is a block of one). Each block is counted into
 * the open windows' {@link CountryTally} objects in memory and written once, as it came, to the
 * signal-journal store (RocksDB with a changelog, no record cache). Closing a window emits it from
 * memory and deletes the journal entries whose packets are all emitted. When a task starts (first
 * start, restart after a crash, move to another instance, revival after an aborted transaction),
 * {@link #init} clears memory and replays the journal, skipping packets of windows already closed:
 * under exactly-once the journal, the progress store and the input offsets are committed together,
 * so memory is rebuilt exactly as it was at the last commit.
 *
 * <p>Why not a store entry per counter (what this class did before): with ports spread over all
 * 65,536 values nearly every packet touched a new key, and each key cost the store's cache, its
 * flush to RocksDB and a changelog record — about 10 k packets/s per core. The journal costs one
 * store write per block, and the per-packet work is a few in-memory hash updates
 * ({@code TopologyThroughputBenchmark}). The price: the journal holds the raw packets of the open
 * windows (about 25 bytes each), and a restarted task replays them.
 */
final class SignalAggregator implements Processor<String, EncodedPacketBlock, String, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(SignalAggregator.class);
    static final String NEXT_WINDOW = "next-window-to-close";
    static final String WINDOW_SIZE = "window-size-millis";

    private final DetectorSettings settings;
    private final boolean scanSignals;
    private final boolean uniqueSources;
    private final TopologyMetrics metrics;
    private final long size;
    private final long grace;
    private final long forgetAfter;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<Bytes, byte[]> journal;
    /** Open windows by start, then country: what the journal holds, counted. */
    private final TreeMap<Long, Map<String, CountryTally>> open = new TreeMap<>();
    private long journalSequence;
    private KeyValueStore<String, Long> known;
    private KeyValueStore<String, Long> progress;

    SignalAggregator(DetectorSettings settings, TopologyMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.scanSignals = settings.scanEnabled();
        this.uniqueSources = settings.outageSignal() == OutageSignal.UNIQUE_SOURCES;
        this.size = settings.windowSizeMillis();
        this.grace = settings.windowGraceMillis();
        this.forgetAfter = settings.countryForgetAfter().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        journal = context.getStateStore(DarkwatchTopology.JOURNAL_STORE);
        known = context.getStateStore(DarkwatchTopology.KNOWN_COUNTRIES_STORE);
        progress = context.getStateStore(DarkwatchTopology.PROGRESS_STORE);
        // Open windows are stored under their start; with another window size none of them would ever
        // be found again. Refuse rather than silently lose them.
        Long storedSize = progress.get(WINDOW_SIZE);
        if (storedSize != null && storedSize != size) {
            throw new IllegalStateException("window.size is " + settings.windowSize() + " but the state of this"
                    + " application id was built with " + Duration.ofMillis(storedSize)
                    + "; use a new application id (or reset this one) to change the window size");
        }
        replayJournal();
    }

    /** Rebuilds the open windows from the journal (see the class comment). */
    private void replayJournal() {
        open.clear();
        journalSequence = 0;
        Long next = progress.get(NEXT_WINDOW);
        long blocks = 0;
        try (KeyValueIterator<Bytes, byte[]> it = journal.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> entry = it.next();
                journalSequence = Math.max(journalSequence, JournalKeys.sequence(entry.key) + 1);
                PacketBlock block = PacketBlockCodec.decode(entry.value);
                for (PacketSummary p : block.packets()) {
                    long start = windowStart(p.timestampMillis());
                    if (next == null || start >= next) {
                        tally(start, block.country()).add(p);
                    }
                }
                blocks++;
            }
        }
        if (blocks > 0) {
            LOG.info("task {}: {} open windows rebuilt from {} journaled blocks", context.taskId(), open.size(), blocks);
        }
    }

    @Override
    public void process(Record<String, EncodedPacketBlock> record) {
        long ts = record.timestamp();
        EncodedPacketBlock encoded = record.value();
        PacketBlock block = encoded == null ? null : encoded.block();
        Long stored = progress.get(NEXT_WINDOW);
        // The first record of this task starts the first window: earlier windows hold nothing, and
        // zero windows for the time before anything was heard would read as silence that was not seen.
        long next = stored != null ? stored : windowStart(block == null ? ts : block.oldestTimestampMillis());
        if (block != null) {
            metrics.traffic().packetsFrom(block.sensorId(), block.size());
            count(encoded, next);
        }
        long closedUpTo = closeDueWindows(ts, next);
        if (stored == null) {
            progress.put(WINDOW_SIZE, size);
        }
        if (stored == null || closedUpTo != stored) {
            progress.put(NEXT_WINDOW, closedUpTo);
        }
    }

    /** Counts the block's packets into the open windows and journals them; late packets are dropped. */
    private void count(EncodedPacketBlock encoded, long next) {
        PacketBlock block = encoded.block();
        String country = block.country().toUpperCase(Locale.ROOT);
        if (!isCountryCode(country)) {
            metrics.invalidRecords("country", block.size());
            LOG.debug("block of {} packets with country '{}' dropped: not a two-letter code", block.size(),
                    block.country());
            return;
        }
        List<PacketSummary> onTime = new ArrayList<>(block.size());
        long newestStart = Long.MIN_VALUE;
        for (PacketSummary p : block.packets()) {
            long start = windowStart(p.timestampMillis());
            if (start >= next) {
                onTime.add(p);
                tally(start, country).add(p);
                newestStart = Math.max(newestStart, start);
            }
        }
        long late = block.size() - onTime.size();
        if (late > 0) {
            metrics.lateRecords(late);
            LOG.debug("{} late packets from {} dropped: their window closed already", late, country);
        }
        if (onTime.isEmpty()) {
            return;
        }
        // Journaled as counted: only the packets on time, under the upper-cased country.
        // Journaled as counted: only the packets on time, under the upper-cased country; most blocks are
        // exactly that already, and then the bytes received are written back as they are.
        byte[] journaled = late == 0 && country.equals(block.country()) ? encoded.encoded()
                : PacketBlockCodec.encode(new PacketBlock(country, block.sensorId(),
                        onTime.stream().map(p -> p.withGeo(country, p.asn())).toList()));
        journal.put(JournalKeys.of(newestStart, journalSequence++), journaled);
        Long lastSeen = known.get(country);
        if (lastSeen == null || lastSeen < newestStart) {
            known.put(country, newestStart);
        }
    }

    private CountryTally tally(long windowStart, String country) {
        return open.computeIfAbsent(windowStart, w -> new HashMap<>())
                .computeIfAbsent(country, c -> new CountryTally(scanSignals, uniqueSources));
    }

    /** Closes every window whose end plus grace is at or before {@code ts}; returns the next one to close. */
    private long closeDueWindows(long ts, long next) {
        long closed = 0;
        while (next + size + grace <= ts) {
            int remaining = closeWindow(next);
            next += size;
            closed++;
            if (remaining == 0) {
                // Nothing is known, so nothing is stored either (a stored count makes its country
                // known): the windows up to stream time are all empty and close without a record.
                long skipTo = Math.max(next, windowStart(ts - grace));
                closed += (skipTo - next) / size;
                next = skipTo;
            }
        }
        if (closed > 0) {
            metrics.windowsClosed(closed);
        }
        return next;
    }

    /** Emits one window per known country and drops the window's journal; returns how many countries remain known. */
    private int closeWindow(long start) {
        long end = start + size;
        Map<String, CountryTally> byCountry = open.remove(start);
        if (byCountry == null) {
            byCountry = Map.of();
        }
        // Every journaled block whose newest window is this one or older is now fully emitted.
        List<Bytes> done = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = journal.range(JournalKeys.firstOf(0L), JournalKeys.firstOf(end))) {
            it.forEachRemaining(entry -> done.add(entry.key));
        }
        for (Bytes key : done) {
            journal.delete(key);
        }
        List<KeyValue<String, Long>> countries = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = known.all()) {
            it.forEachRemaining(countries::add);
        }
        TreeSet<String> emit = new TreeSet<>(byCountry.keySet());
        for (KeyValue<String, Long> c : countries) {
            // Forget a country after a long silence (country.forget-after, default 8 days, longer than the
            // 7-day baseline): until then it gets a zero window every time, which is how its outage is seen;
            // after that it would cost a record per window forever. It is known again with its next packet.
            // c.value is the start of the last window it was heard in; its silence began at that window's end.
            if (c.value + size + forgetAfter <= start && !byCountry.containsKey(c.key)) {
                known.delete(c.key);
                metrics.countryForgotten(c.key);
                LOG.info("forgetting country {}: not heard since {}", c.key, Instant.ofEpochMilli(c.value));
            } else {
                emit.add(c.key);
            }
        }
        for (String country : emit) {
            CountryTally tally = byCountry.getOrDefault(country, new CountryTally(scanSignals, uniqueSources));
            WindowObservation o = tally.toObservation(country, start, end, settings.signalTopN());
            context.forward(new Record<>(country, o.window(), end), DarkwatchTopology.WINDOWS_SINK);
            context.forward(new Record<>(country, o, end), DarkwatchTopology.DETECTOR);
            metrics.countryWindow();
        }
        return emit.size();
    }

    private long windowStart(long ts) {
        return Math.floorDiv(ts, size) * size;
    }

    private static boolean isCountryCode(String c) {
        return c.length() == 2 && c.charAt(0) >= 'A' && c.charAt(0) <= 'Z' && c.charAt(1) >= 'A'
                && c.charAt(1) <= 'Z';
    }
}
