package io.darkwatch.streams.topology;

import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.packet.TcpFlags;
import io.darkwatch.streams.detect.WindowObservation;
import io.darkwatch.streams.distinct.DistinctSketch;
import io.darkwatch.streams.settings.DetectorSettings;
import io.darkwatch.streams.settings.OutageSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.BytesSerializer;
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
 * (stream time can jump, e.g. after a sensor restart). Each closed window's keys are deleted, so
 * the counts store holds only open windows. A packet whose window is already closed is late: it is
 * counted in {@code darkwatch.records.late} and dropped.
 *
 * <p>Records are blocks of packets of one country ({@code PacketBlock}; a version 1 record is a
 * block of one). A block is first summed in memory ({@link BlockTally}): per window its country
 * totals, flag sets, destination ports, SYN/ACK victims and the ports they answered from, scanned
 * ports, and the items for the distinct-sources and per-netblock scanned-port sketches. Then each
 * distinct key costs one get and one put on the counts store (a sketch: one get, and a put only when
 * an item was new to it — {@link DistinctSketch}: exact up to 64 items, then a 2 KiB HyperLogLog),
 * plus a get on the known-countries and the progress store per block. Packets are assigned to
 * windows by their own capture time; a block may straddle a window boundary. All are small keys
 * and values, mostly served from the Streams record cache.
 */
final class SignalAggregator implements Processor<String, PacketBlock, String, Object> {
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
    private KeyValueStore<Bytes, byte[]> counts;
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
        counts = context.getStateStore(DarkwatchTopology.COUNTS_STORE);
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
    }

    @Override
    public void process(Record<String, PacketBlock> record) {
        long ts = record.timestamp();
        PacketBlock block = record.value();
        Long stored = progress.get(NEXT_WINDOW);
        // The first record of this task starts the first window: earlier windows hold nothing, and
        // zero windows for the time before anything was heard would read as silence that was not seen.
        long next = stored != null ? stored : windowStart(block == null ? ts : oldestMillis(block));
        if (block != null) {
            count(block, next);
        }
        long closedUpTo = closeDueWindows(ts, next);
        if (stored == null) {
            progress.put(WINDOW_SIZE, size);
        }
        if (stored == null || closedUpTo != stored) {
            progress.put(NEXT_WINDOW, closedUpTo);
        }
    }

    /** Sums the block's packets per key ({@link BlockTally}), then applies the sums to the stores. */
    private void count(PacketBlock block, long next) {
        String country = block.country().toUpperCase(Locale.ROOT);
        if (!isCountryCode(country)) {
            metrics.invalidRecords("country", block.size());
            LOG.debug("block of {} packets with country '{}' dropped: not a two-letter code", block.size(),
                    block.country());
            return;
        }
        BlockTally tally = new BlockTally();
        long newestStart = Long.MIN_VALUE;
        long late = 0;
        for (PacketSummary p : block.packets()) {
            long start = windowStart(p.timestampMillis());
            if (start < next) {
                late++;
                continue;
            }
            tally(tally, start, country, p);
            newestStart = Math.max(newestStart, start);
        }
        if (late > 0) {
            metrics.lateRecords(late);
            LOG.debug("{} late packets from {} dropped: their window closed already", late, country);
        }
        if (newestStart == Long.MIN_VALUE) {
            return;
        }
        tally.forEachCounter((key, deltas) -> counts.put(key, Counters.add(counts.get(key), deltas)));
        // Sketches are written back only when an item was new to them: most blocks cost a read per sketch.
        tally.forEachSketch((key, hashes) -> {
            byte[] current = counts.get(key);
            byte[] updated = current;
            for (long hash : hashes) {
                updated = DistinctSketch.add(updated, hash);
            }
            if (updated != current) {
                counts.put(key, updated);
            }
        });
        Long lastSeen = known.get(country);
        if (lastSeen == null || lastSeen < newestStart) {
            known.put(country, newestStart);
        }
    }

    private void tally(BlockTally tally, long start, String country, PacketSummary p) {
        tally.add(SignalKeys.totals(start, country), 1, p.isSynAck() ? 1 : 0, p.isBackscatter() ? 1 : 0,
                p.isScan() ? 1 : 0);
        if (p.isSynAck()) {
            tally.add(SignalKeys.victim(start, country, p.src()), 1);
            tally.add(SignalKeys.withPort(start, country, SignalKeys.VICTIM_PORT, p.srcPort()), 1);
        }
        if (p.isTcp()) {
            tally.add(SignalKeys.withPort(start, country, SignalKeys.FLAGS, p.tcpFlags() & TcpFlags.MASK), 1);
        }
        if (p.isTcp() || p.protocol() == IpProtocol.UDP) {
            tally.add(SignalKeys.withPort(start, country, SignalKeys.DST_PORT, p.dstPort()), 1);
        }
        // The scan and unique-source signals cost extra store reads (and writes while a sketch grows),
        // so they are kept only when a detector reads them; both switches are start-up settings, never
        // changed under running windows.
        if (scanSignals && p.isScan()) {
            tally.add(SignalKeys.withPort(start, country, SignalKeys.SCAN_PORT, p.dstPort()), 1);
            tally.addToSketch(SignalKeys.withAddress(start, country, SignalKeys.SCAN_NETBLOCK, Netblocks.of(p.src())),
                    DistinctSketch.hash(0L, p.dstPort()));
        }
        if (uniqueSources && !p.isBackscatter()) {
            // Backscatter's sources are the victims of spoofed floods elsewhere, not hosts of the country
            // reaching out: left out of the outage signal, as IODA does.
            tally.addToSketch(SignalKeys.uniqueSources(start, country), DistinctSketch.hash(p.src().high(), p.src().low()));
        }
    }

    private static long oldestMillis(PacketBlock block) {
        long oldest = Long.MAX_VALUE;
        for (PacketSummary p : block.packets()) {
            oldest = Math.min(oldest, p.timestampMillis());
        }
        return oldest;
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

    /** Emits one window per known country and deletes the window's counts; returns how many countries remain known. */
    private int closeWindow(long start) {
        long end = start + size;
        Map<String, WindowAccumulator> byCountry = new TreeMap<>();
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = counts.prefixScan(Bytes.wrap(SignalKeys.windowPrefix(start)),
                new BytesSerializer())) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                byte[] key = kv.key.get();
                byCountry.computeIfAbsent(SignalKeys.country(key), c -> new WindowAccumulator()).add(key, kv.value);
                keys.add(kv.key);
            }
        }
        for (Bytes key : keys) {
            counts.delete(key);
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
                metrics.countryForgotten();
                LOG.info("forgetting country {}: not heard since {}", c.key, Instant.ofEpochMilli(c.value));
            } else {
                emit.add(c.key);
            }
        }
        for (String country : emit) {
            WindowObservation o = byCountry.getOrDefault(country, new WindowAccumulator())
                    .toObservation(country, start, end, settings.signalTopN());
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
