package io.darkwatch.streams.topology;

import io.darkwatch.common.packet.IpProtocol;
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
 * <p>Per packet: one get and put on the per-country totals, one on its flag set, one on its
 * destination port, and for a SYN/ACK one on its victim and one on the victim's port, for a scan
 * one on its scanned port and a read of its netblock's sketch of scanned ports, plus a get on the
 * known-countries and the progress store. A packet that is not backscatter also reads the
 * country's distinct-sources sketch. Sketches are written back only when the item is new to them
 * ({@link DistinctSketch}: exact up to 64 items, then a 2 KiB HyperLogLog). All are small keys
 * and values, mostly served from the Streams record cache. The country is read from the packet, not from the record key.
 */
final class SignalAggregator implements Processor<String, PacketSummary, String, Object> {
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
    public void process(Record<String, PacketSummary> record) {
        long ts = record.timestamp();
        Long stored = progress.get(NEXT_WINDOW);
        // The first record of this task starts the first window: earlier windows hold nothing, and
        // zero windows for the time before anything was heard would read as silence that was not seen.
        long next = stored != null ? stored : windowStart(ts);
        PacketSummary packet = record.value();
        if (packet != null) {
            metrics.traffic().packetFrom(packet.sensorId());
            long start = windowStart(ts);
            if (start < next) {
                metrics.lateRecord();
                LOG.debug("late packet from {} at {} dropped: its window closed already", packet.country(), ts);
            } else {
                count(start, packet);
            }
        }
        long closedUpTo = closeDueWindows(ts, next);
        if (stored == null) {
            progress.put(WINDOW_SIZE, size);
        }
        if (stored == null || closedUpTo != stored) {
            progress.put(NEXT_WINDOW, closedUpTo);
        }
    }

    private void count(long start, PacketSummary p) {
        String country = p.country().toUpperCase(Locale.ROOT);
        if (!isCountryCode(country)) {
            metrics.invalidRecord("country");
            LOG.debug("packet with country '{}' dropped: not a two-letter code", p.country());
            return;
        }
        Bytes totalsKey = Bytes.wrap(SignalKeys.totals(start, country));
        counts.put(totalsKey, Counters.addTotals(counts.get(totalsKey), p.isSynAck(), p.isBackscatter(), p.isScan()));
        if (p.isSynAck()) {
            increment(SignalKeys.victim(start, country, p.src()));
            increment(SignalKeys.withPort(start, country, SignalKeys.VICTIM_PORT, p.srcPort()));
        }
        if (p.isTcp()) {
            increment(SignalKeys.withPort(start, country, SignalKeys.FLAGS, p.tcpFlags() & TcpFlags.MASK));
        }
        if (p.isTcp() || p.protocol() == IpProtocol.UDP) {
            increment(SignalKeys.withPort(start, country, SignalKeys.DST_PORT, p.dstPort()));
        }
        // The scan and unique-source signals cost extra store reads (and writes while a sketch grows) on
        // most packets, so they are kept only when a detector reads them; both switches are start-up
        // settings, never changed under running windows.
        if (scanSignals && p.isScan()) {
            increment(SignalKeys.withPort(start, country, SignalKeys.SCAN_PORT, p.dstPort()));
            addToSketch(SignalKeys.withAddress(start, country, SignalKeys.SCAN_NETBLOCK, Netblocks.of(p.src())),
                    DistinctSketch.hash(0L, p.dstPort()));
        }
        if (uniqueSources && !p.isBackscatter()) {
            // Backscatter's sources are the victims of spoofed floods elsewhere, not hosts of the country
            // reaching out: left out of the outage signal, as IODA does.
            addToSketch(SignalKeys.uniqueSources(start, country), DistinctSketch.hash(p.src().high(), p.src().low()));
        }
        Long lastSeen = known.get(country);
        if (lastSeen == null || lastSeen < start) {
            known.put(country, start);
        }
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
                metrics.countryForgotten(c.key);
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

    // Written back only when the item is new to the sketch: most packets cost a read and nothing else.
    private void addToSketch(byte[] key, long hash) {
        Bytes k = Bytes.wrap(key);
        byte[] current = counts.get(k);
        byte[] updated = DistinctSketch.add(current, hash);
        if (updated != current) {
            counts.put(k, updated);
        }
    }

    private void increment(byte[] key) {
        Bytes k = Bytes.wrap(key);
        counts.put(k, Counters.increment(counts.get(k)));
    }

    private long windowStart(long ts) {
        return Math.floorDiv(ts, size) * size;
    }

    private static boolean isCountryCode(String c) {
        return c.length() == 2 && c.charAt(0) >= 'A' && c.charAt(0) <= 'Z' && c.charAt(1) >= 'A'
                && c.charAt(1) <= 'Z';
    }
}
