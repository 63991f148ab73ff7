package io.darkwatch.streams.topology;

import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.streams.detect.WindowObservation;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.settings.OutageSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
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
 * <p>Counting is in memory ({@link OpenWindows}); the packets topic itself is the journal. Records
 * are blocks of packets of one country ({@code PacketBlock}; a version 1 record is a block of one).
 * Each block is counted into the open windows' {@link CountryTally} objects, which remember the
 * input offset of the first block counted in each window. The smallest such offset of the open
 * windows is kept in the progress store ({@value #REPLAY_FROM}) next to the next window to close.
 * When a task starts (first start, restart after a crash, move to another instance, revival after
 * an aborted transaction), memory is empty; before its first record it reads its partition of the
 * packets topic again from that offset up to the record ({@link InputReader}), counting what is
 * still open. Under exactly-once the progress store and the input offsets are committed together,
 * so memory is rebuilt exactly as it was at the last commit.
 *
 * <p>Why the input and not a journal store: a store entry per counter capped the topology at about
 * 10 k packets/s per core (ports spread over 65,536 values touch a new key nearly every packet);
 * journaling each block to a changelogged store made the broker write every packet twice, and
 * the topology ran at 0.45 M packets/s instead of 0.79 M ({@code TopologyThroughputBenchmark}). The
 * price: the packets topic's retention must be longer than a window plus its grace (it is days,
 * {@code Topics.PACKETS}); a range already deleted when a task restarts is counted in
 * {@code darkwatch.windows.rebuild.missing} and logged, and its packets are missing from the windows
 * then open.
 */
final class SignalAggregator implements Processor<String, PacketBlock, String, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(SignalAggregator.class);
    static final String NEXT_WINDOW = "next-window-to-close";
    static final String WINDOW_SIZE = "window-size-millis";
    static final String REPLAY_FROM = "replay-from-offset";

    private final DetectorSettings settings;
    private final TopologyMetrics metrics;
    private final InputReader.Factory readers;
    private final long size;
    private final long grace;
    private final long forgetAfter;
    private final long maxAheadMillis;
    private final OpenWindows open;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Long> known;
    private KeyValueStore<String, Long> progress;
    /** Whether the open windows have been rebuilt from the input since {@link #init}. */
    private boolean rebuilt;
    /** {@value #REPLAY_FROM} as in the progress store; -1 for none. */
    private long storedReplayFrom;

    SignalAggregator(DetectorSettings settings, TopologyMetrics metrics, InputReader.Factory readers) {
        this.settings = settings;
        this.metrics = metrics;
        this.readers = readers;
        this.size = settings.windowSizeMillis();
        this.grace = settings.windowGraceMillis();
        this.forgetAfter = settings.countryForgetAfter().toMillis();
        this.maxAheadMillis = settings.packetsMaxAhead().toMillis();
        this.open = new OpenWindows(settings.scanEnabled(), settings.outageSignal() == OutageSignal.UNIQUE_SOURCES);
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
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
        open.clear();
        rebuilt = false;
        Long replayFrom = progress.get(REPLAY_FROM);
        storedReplayFrom = replayFrom == null ? -1 : replayFrom;
    }

    /**
     * Counts again, from the input, the packets of the windows that were open at the last commit: the
     * offsets from {@value #REPLAY_FROM} up to {@code until}, the first record this task processes
     * since it started (see the class comment).
     */
    private void rebuildOpenWindows(Long next, RecordMetadata position) {
        if (next == null || storedReplayFrom < 0 || storedReplayFrom >= position.offset()) {
            return;
        }
        TopicPartition partition = new TopicPartition(position.topic(), position.partition());
        long started = System.nanoTime();
        InputReader.Result result;
        try (InputReader reader = readers.create(context.appConfigs(),
                context.applicationId() + "-" + context.taskId() + "-window-rebuild")) {
            result = reader.read(partition, storedReplayFrom, position.offset(), (offset, timestamp, block) -> {
                // The event time Kafka Streams extracted from this record the first time (PacketTimestampExtractor).
                long eventTime = EventTimes.eventTime(block,
                        EventTimes.latestAllowed(timestamp, maxAheadMillis));
                if (eventTime != EventTimes.NONE) {
                    countOnTime(block, normalisedCountry(block), next, offset, eventTime);
                }
            });
        }
        if (result.missing() > 0) {
            metrics.windowsRebuildMissing(result.missing());
            LOG.warn("task {}: offsets {} to {} of {} are gone (deleted by retention?) but held packets of open"
                    + " windows; those windows will be short of them. Keep the packets topic's retention well above"
                    + " window.size + window.grace", context.taskId(), storedReplayFrom,
                    storedReplayFrom + result.missing() - 1, partition);
        }
        LOG.info("task {}: {} open windows rebuilt from {} blocks at offsets {} to {} of {} in {} ms",
                context.taskId(), open.size(), result.blocks(), storedReplayFrom, position.offset() - 1, partition,
                (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void process(Record<String, PacketBlock> record) {
        long ts = record.timestamp();
        PacketBlock block = record.value();
        RecordMetadata position = context.recordMetadata().orElseThrow(
                () -> new IllegalStateException("the signal aggregator only processes records of the packets topic"));
        Long stored = progress.get(NEXT_WINDOW);
        if (!rebuilt) {
            rebuildOpenWindows(stored, position);
            rebuilt = true;
        }
        // The first record of this task starts the first window: earlier windows hold nothing, and
        // zero windows for the time before anything was heard would read as silence that was not seen.
        long next = stored != null ? stored : windowStart(block == null ? ts : block.oldestTimestampMillis());
        if (block != null) {
            metrics.traffic().packetsFrom(block.sensorId(), block.size());
            count(block, next, position.offset(), ts);
        }
        long closedUpTo = closeDueWindows(ts, next);
        if (stored == null) {
            progress.put(WINDOW_SIZE, size);
        }
        if (stored == null || closedUpTo != stored) {
            progress.put(NEXT_WINDOW, closedUpTo);
        }
        long replayFrom = open.replayFrom();
        if (replayFrom != storedReplayFrom) {
            progress.put(REPLAY_FROM, replayFrom);
            storedReplayFrom = replayFrom;
        }
    }

    /**
     * Counts the block's packets into the open windows. Late packets and packets captured after
     * {@code eventTime} (the record's event time: later ones are too far ahead of their arrival, see
     * {@link EventTimes}) are counted as such and dropped.
     */
    private void count(PacketBlock block, long next, long offset, long eventTime) {
        String country = normalisedCountry(block);
        if (country == null) {
            metrics.invalidRecords("country", block.size());
            LOG.debug("block of {} packets with country '{}' dropped: not a two-letter code", block.size(),
                    block.country());
            return;
        }
        long ahead = 0;
        if (block.newestTimestampMillis() > eventTime) {
            ahead = block.packets().stream().filter(p -> p.timestampMillis() > eventTime).count();
            metrics.invalidRecords("future", ahead);
            LOG.debug("{} packets from {} dropped: captured more than packets.max-ahead after the broker received them",
                    ahead, country);
        }
        int onTime = countOnTime(block, country, next, offset, eventTime);
        long late = block.size() - ahead - onTime;
        if (late > 0) {
            metrics.lateRecords(late);
            LOG.debug("{} late packets from {} dropped: their window closed already", late, country);
        }
        if (onTime == 0) {
            return;
        }
        // The record's event time is its newest packet counted, so its window is the newest the block counted in.
        long newestStart = windowStart(eventTime);
        Long lastSeen = known.get(country);
        if (lastSeen == null || lastSeen < newestStart) {
            known.put(country, newestStart);
        }
    }

    /**
     * Counts the packets of {@code block} whose window is {@code next} or later and whose time is not
     * after {@code eventTime} into the open windows under {@code country}; returns how many. The same
     * rule counts a block when it arrives and when it is read again to rebuild the open windows, so
     * that both count the same packets.
     */
    private int countOnTime(PacketBlock block, String country, long next, long offset, long eventTime) {
        if (country == null) {
            return 0;
        }
        int onTime = 0;
        for (PacketSummary p : block.packets()) {
            long t = p.timestampMillis();
            long start = windowStart(t);
            if (start >= next && t <= eventTime) {
                open.tally(start, country, offset).add(p);
                onTime++;
            }
        }
        return onTime;
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

    /** Emits one window per known country; returns how many countries remain known. */
    private int closeWindow(long start) {
        long end = start + size;
        Map<String, CountryTally> byCountry = open.remove(start);
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
            CountryTally tally = byCountry.containsKey(country) ? byCountry.get(country) : open.emptyTally();
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

    /** The block's country in upper case, or null when it is not a two-letter code. */
    private static String normalisedCountry(PacketBlock block) {
        String country = block.country().toUpperCase(Locale.ROOT);
        return isCountryCode(country) ? country : null;
    }

    private static boolean isCountryCode(String c) {
        return c.length() == 2 && c.charAt(0) >= 'A' && c.charAt(0) <= 'Z' && c.charAt(1) >= 'A'
                && c.charAt(1) <= 'Z';
    }
}
