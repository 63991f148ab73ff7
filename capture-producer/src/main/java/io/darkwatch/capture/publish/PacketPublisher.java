package io.darkwatch.capture.publish;

import io.darkwatch.common.packet.PacketBlock;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.topic.Heartbeats;
import io.darkwatch.common.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes packet summaries to {@link Topics#PACKET_BLOCKS} as blocks of one country's packets
 * (value format v2), plus the event-time heartbeats that keep Kafka Streams' stream time moving on
 * every partition.
 *
 * <p>Blocks: one open block per source country ({@link BlockAssembler}), sent when it holds
 * {@link BlockSettings#maxPackets()} packets, when its oldest packet is more than
 * {@link BlockSettings#maxEventSpan()} older than the newest packet seen, or when it has been open
 * for {@link BlockSettings#linger()} of wall time (checked by the sending thread while it is idle,
 * so a quiet link never holds packets back). The record's timestamp is the block's newest packet's.
 *
 * <p>Key: the source country, as for single summaries. Why not spread for partition balance: the
 * topology aggregates per country, so keying by country puts every packet of a country on one
 * partition, where the streams app counts it without a repartition topic (which would write every
 * packet to Kafka a second time). The cost is skew: a few countries send most darknet traffic.
 *
 * <p>Heartbeats: before the first block, one to every partition, acknowledged before anything else
 * is sent (see {@link #prime}); then every {@code heartbeatInterval} of event time one goes to every
 * partition, stamped with the watermark (the newest packet time seen). Every open block is closed
 * and queued before it, and one queue carries both to one sending thread, so a heartbeat never
 * overtakes the packets it would make late. {@link #finish(long)} sends a last one at watermark +
 * extra, so that windows up to the end of the capture close.
 *
 * <p>Threads: {@link #publish} runs on the reading (or capturing) thread and only assembles
 * blocks; full blocks go through a bounded hand-off ({@link BlockHandoff}, {@link HandoffSettings})
 * to a sending thread that serialises, compresses and hands them to the Kafka producer. When Kafka
 * is slow or unreachable, the producer's buffer fills, then the hand-off; then the reading thread
 * waits ({@link BackpressurePolicy#BLOCK}) or the block is dropped and counted
 * ({@link BackpressurePolicy#DROP}).
 *
 * <p>Delivery: idempotent, {@code acks=all} (so the producer's retries across a broker restart
 * never duplicate nor reorder a record), {@code delivery.timeout.ms} and {@code max.block.ms} from
 * the settings, compression and batching as the benchmark chose. Failures are counted and the first
 * is kept; the next {@link #publish}, {@link #flush()} or {@link #finish(long)} throws a
 * {@link PublishException}.
 *
 * <p>Metrics: {@code darkwatch.packets.published} (packets in acknowledged blocks),
 * {@code darkwatch.blocks.published}, {@code darkwatch.block.size} (packets per block, a
 * distribution summary), {@code darkwatch.publish.errors} (failed records),
 * {@code darkwatch.heartbeats.sent}, {@code darkwatch.capture.dropped{cause=publish_backlog}},
 * {@code darkwatch.publish.backlog} (packets waiting in the hand-off), and the Kafka producer's own
 * metrics ({@code kafka.producer.*}, Micrometer's {@link KafkaClientMetrics}).
 */
public final class PacketPublisher implements PacketSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PacketPublisher.class);
    /**
     * No compression, chosen by the publishing benchmark (README, performance): the block format is
     * already compact (about 23 bytes per IPv4 packet); lz4 takes that to about 20 and zstd to 16, but
     * each cost more CPU than it saved on this 2-core machine (e.g. 512-packet blocks: 470 k packets
     * per CPU-second without compression, 340 k with lz4, 320 k with zstd). Where the link to the
     * broker or its disk is the limit, {@code --producer-property compression.type=zstd}.
     */
    public static final String DEFAULT_COMPRESSION = "none";
    /** How long {@link #close()} waits for the sending thread. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<String, PacketBlock> producer;
    private final String topic;
    private final String sensorId;
    private final HeartbeatSchedule schedule;
    private final BlockAssembler assembler;
    private final BlockHandoff handoff;
    private final ReentrantLock lock = new ReentrantLock();
    private final Thread sender;
    private final long idlePollMillis;
    private final long maxEventSpanMillis;
    /** Sending thread only: whether the priming heartbeats have been acknowledged (see {@link #prime}). */
    private boolean primed;
    private final AutoCloseable clientMetrics;

    private final Counter packetsCounter;
    private final Counter blocksCounter;
    private final DistributionSummary blockSizes;
    private final Counter errorCounter;
    private final Counter heartbeatCounter;
    private final Counter droppedCounter;
    private final LongAdder sentRecords = new LongAdder();
    private final LongAdder acknowledgedPackets = new LongAdder();
    private final LongAdder failedRecords = new LongAdder();
    private final LongAdder droppedPackets = new LongAdder();
    private final AtomicReference<Exception> firstError = new AtomicReference<>();
    private volatile boolean failing;
    /** The broker refused the credentials or the permissions: nothing more is sent. */
    private volatile boolean refused;
    private volatile boolean finished;
    private boolean closed;

    /** Opens a Kafka producer with darkwatch's settings and binds its metrics to {@code registry}. */
    public static PacketPublisher create(PublisherSettings settings, MeterRegistry registry) {
        return create(settings, registry, Clock.systemUTC());
    }

    /** As {@link #create(PublisherSettings, MeterRegistry)}, with the clock that times the linger. */
    public static PacketPublisher create(PublisherSettings settings, MeterRegistry registry, Clock clock) {
        KafkaProducer<String, PacketBlock> producer = new KafkaProducer<>(producerConfig(settings),
                Topics.PACKET_BLOCKS.key().serializer(), Topics.PACKET_BLOCKS.value().serializer());
        KafkaClientMetrics metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(registry);
        return new PacketPublisher(producer, Topics.PACKET_BLOCKS.name(), settings, registry, clock, metrics);
    }

    /** The producer configuration: darkwatch's defaults, then the settings' overrides on top. */
    public static Map<String, Object> producerConfig(PublisherSettings settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "darkwatch-capture-" + settings.sensorId());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, DEFAULT_COMPRESSION);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        int timeout = (int) settings.deliveryTimeout().toMillis();
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        // delivery.timeout.ms must be at least linger.ms + request.timeout.ms (30 s by default)
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, timeout / 2));
        config.putAll(settings.producerOverrides());
        return config;
    }

    /** For tests and embedding: any producer, e.g. one with other serializers already set up. */
    PacketPublisher(Producer<String, PacketBlock> producer, String topic, PublisherSettings settings,
            MeterRegistry registry, Clock clock, AutoCloseable clientMetrics) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.sensorId = settings.sensorId();
        this.clientMetrics = clientMetrics;
        this.schedule = new HeartbeatSchedule(settings.heartbeatInterval().toMillis());
        this.assembler = new BlockAssembler(settings.blocks(), clock::millis);
        this.handoff = new BlockHandoff(settings.handoff());
        this.idlePollMillis = Math.max(5, Math.min(100, settings.blocks().linger().toMillis() / 4));
        this.maxEventSpanMillis = settings.blocks().maxEventSpan().toMillis();
        this.packetsCounter = Counter.builder("darkwatch.packets.published")
                .description("packets in blocks the broker acknowledged").register(registry);
        this.blocksCounter = Counter.builder("darkwatch.blocks.published")
                .description("packet blocks (records) the broker acknowledged").register(registry);
        this.blockSizes = DistributionSummary.builder("darkwatch.block.size").baseUnit("packets")
                .description("packets per acknowledged block").register(registry);
        this.errorCounter = registry.counter("darkwatch.publish.errors");
        this.heartbeatCounter = registry.counter("darkwatch.heartbeats.sent");
        this.droppedCounter = registry.counter("darkwatch.capture.dropped", "cause", "publish_backlog");
        Gauge.builder("darkwatch.publish.backlog", handoff, BlockHandoff::backlogPackets)
                .description("packets in blocks waiting for the sending thread").register(registry);
        this.sender = new Thread(this::sendLoop, "darkwatch-publisher");
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    public void publish(PacketSummary summary) {
        if (finished) {
            throw new IllegalStateException("publisher already finished: no packets after the final heartbeat");
        }
        if (failing) {
            throw failure();
        }
        lock.lock();
        try {
            assembler.add(summary, this::enqueue);
            if (schedule.observe(summary.timestampMillis())) {
                // Every packet seen so far goes before the heartbeat that would make it late.
                assembler.closeAll(this::enqueue);
                handoff.put(new BlockHandoff.HeartbeatItem(schedule.watermark()));
                schedule.heartbeatSent();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Called with the lock held. */
    private void enqueue(PacketBlock block) {
        boolean queued;
        try {
            queued = handoff.offer(block);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while waiting for room to publish " + block.size() + " packets", e);
        }
        if (!queued) {
            droppedPackets.add(block.size());
            droppedCounter.increment(block.size());
        }
    }

    /**
     * Sends the final heartbeat, at watermark + {@code extraMillis}, to every partition, then flushes.
     * Without packets there is no watermark and no heartbeat. No packets may follow.
     *
     * @param extraMillis how far past the last packet to move stream time: window size + grace, so
     *                    the windows holding the last packets close
     * @throws PublishException if any send failed
     */
    public void finish(long extraMillis) {
        if (extraMillis < 0) {
            throw new IllegalArgumentException("extraMillis must not be negative: " + extraMillis);
        }
        lock.lock();
        try {
            if (!finished) {
                assembler.closeAll(this::enqueue);
                if (schedule.hasWatermark()) {
                    handoff.put(new BlockHandoff.HeartbeatItem(schedule.watermark() + extraMillis));
                }
                finished = true;
            }
        } finally {
            lock.unlock();
        }
        flush();
    }

    /**
     * Sends every open block, waits until the sending thread has handed everything to the producer
     * and the producer has delivered it.
     *
     * @throws PublishException if any record sent so far failed
     */
    @Override
    public void flush() {
        lock.lock();
        try {
            assembler.closeAll(this::enqueue);
        } finally {
            lock.unlock();
        }
        awaitSender();
        producer.flush();
        if (failedRecords.sum() > 0) {
            throw failure();
        }
    }

    private void awaitSender() {
        CountDownLatch done = new CountDownLatch(1);
        handoff.put(new BlockHandoff.Marker(done));
        try {
            while (!done.await(1, TimeUnit.SECONDS)) {
                if (!sender.isAlive()) {
                    throw new PublishException("the sending thread has stopped; " + handoff.backlogPackets()
                            + " packets not sent", null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while flushing", e);
        }
    }

    private PublishException failure() {
        Exception first = firstError.get();
        return new PublishException(failedRecords.sum() + " of " + sentRecords.sum() + " records to " + topic
                + " failed; first error: " + (first == null ? "unknown" : first.toString()), first);
    }

    // ---- the sending thread ----

    private void sendLoop() {
        try {
            while (true) {
                BlockHandoff.Item item = handoff.poll(idlePollMillis);
                if (item == null) {
                    sendLingering();
                } else if (item instanceof BlockHandoff.BlockItem b) {
                    try {
                        if (!primed) {
                            prime(b.block().oldestTimestampMillis());
                        }
                        send(b.block());
                    } finally {
                        handoff.sent(b);
                    }
                } else if (item instanceof BlockHandoff.HeartbeatItem h) {
                    prime(h.eventTimeMillis());
                    sendHeartbeats(h.eventTimeMillis());
                } else if (item instanceof BlockHandoff.Marker m) {
                    m.done().countDown();
                } else {
                    return;
                }
            }
        } catch (InterruptedException e) {
            LOG.warn("publisher's sending thread interrupted; {} packets in the hand-off not sent",
                    handoff.backlogPackets());
        } catch (RuntimeException e) {
            recordFailure(e);
            LOG.error("publisher's sending thread failed", e);
        }
    }

    /**
     * Idle: blocks open longer than the linger are sent. Only if the reading thread is not inside
     * {@link #publish} (it may be waiting for room in the hand-off, which only this thread frees).
     * Sending them ahead of nothing is safe: the queue was empty, and any heartbeat queued since was
     * preceded by closing every block then open, so these hold only newer packets.
     */
    private void sendLingering() {
        if (!lock.tryLock()) {
            return;
        }
        List<PacketBlock> due = new java.util.ArrayList<>();
        try {
            assembler.closeLingering(due::add);
        } finally {
            lock.unlock();
        }
        for (PacketBlock block : due) {
            if (!primed) {
                prime(block.oldestTimestampMillis());
            }
            send(block);
        }
    }

    /**
     * Before the first record, one heartbeat goes to every partition and is acknowledged. Why: an
     * idempotent producer's first requests to a partition the broker has just created can be
     * reordered around a NOT_LEADER_OR_FOLLOWER reply; the broker then accepts the second request as
     * the partition's first, and retries of the first fail with OUT_OF_ORDER_SEQUENCE_NUMBER until
     * delivery.timeout.ms expires them: silent loss (KAFKA-15591, also KAFKA-14312 and KAFKA-19880;
     * seen here in the publishing benchmark, which creates the topic just before replaying). One
     * record per partition, awaited, gives every partition producer state first. The heartbeat is
     * stamped a block span before the first packet, so it moves no stream time past any packet
     * still in an open block.
     */
    private void prime(long firstEventMillis) {
        if (primed) {
            return;
        }
        primed = true;
        sendHeartbeats(Math.max(0, firstEventMillis - maxEventSpanMillis));
        try {
            producer.flush();
        } catch (KafkaException e) {
            recordFailure(e);
        }
    }

    private void send(PacketBlock block) {
        if (refused) {
            failedRecords.increment();
            errorCounter.increment();
            return;
        }
        int n = block.size();
        ProducerRecord<String, PacketBlock> record = new ProducerRecord<>(topic, null, block.newestTimestampMillis(),
                block.country(), block);
        try {
            producer.send(record, (metadata, exception) -> {
                if (exception == null) {
                    acknowledgedPackets.add(n);
                    packetsCounter.increment(n);
                    blocksCounter.increment();
                    blockSizes.record(n);
                } else {
                    recordFailure(exception);
                }
            });
            sentRecords.increment();
        } catch (KafkaException | IllegalStateException e) {
            sentRecords.increment();
            recordFailure(e);
        }
    }

    private void sendHeartbeats(long eventTimeMillis) {
        if (refused) {
            return;
        }
        List<PartitionInfo> partitions;
        try {
            partitions = producer.partitionsFor(topic);
        } catch (KafkaException e) {
            recordFailure(new KafkaException("cannot find the partitions of " + topic + " for heartbeats: "
                    + e.getMessage(), e));
            return;
        }
        for (PartitionInfo p : partitions) {
            ProducerRecord<String, PacketBlock> heartbeat = Heartbeats.record(topic, p.partition(), eventTimeMillis,
                    sensorId);
            try {
                producer.send(heartbeat, (metadata, exception) -> {
                    if (exception != null) {
                        recordFailure(exception);
                    }
                });
                sentRecords.increment();
                heartbeatCounter.increment();
            } catch (KafkaException | IllegalStateException e) {
                sentRecords.increment();
                recordFailure(e);
            }
        }
    }

    private void recordFailure(Exception exception) {
        failedRecords.increment();
        errorCounter.increment();
        firstError.compareAndSet(null, exception);
        failing = true;
        if (isRefusal(exception)) {
            refused = true;
        }
    }

    /**
     * Wrong credentials or missing ACLs: every further send would wait max.block.ms for metadata and
     * fail the same way, so what is queued is failed at once instead (a replay with a wrong password
     * would otherwise take max.block.ms per block to give up).
     */
    private static boolean isRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
                return true;
            }
        }
        return false;
    }

    // ---- state ----

    /** Records handed to the producer (blocks and heartbeats). */
    public long sent() {
        return sentRecords.sum();
    }

    /** Packets in blocks the broker acknowledged. */
    public long acknowledged() {
        return acknowledgedPackets.sum();
    }

    /** Records (blocks or heartbeats) that failed. */
    public long failed() {
        return failedRecords.sum();
    }

    /** Packets dropped because the hand-off was full ({@link BackpressurePolicy#DROP}). */
    public long dropped() {
        return droppedPackets.sum();
    }

    /** Newest event time seen, ms since the epoch, or {@code Long.MIN_VALUE} before the first packet. */
    public long watermarkMillis() {
        lock.lock();
        try {
            return schedule.hasWatermark() ? schedule.watermark() : Long.MIN_VALUE;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the sending thread after what is queued, then closes the producer (which sends what it
     * buffered, for up to 30 s). Open blocks not flushed are not sent: call {@link #flush()} or
     * {@link #finish(long)} first. Errors are left to {@link #flush()} to report.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        handoff.put(new BlockHandoff.Stop());
        try {
            sender.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(CLOSE_TIMEOUT);
        if (clientMetrics != null) {
            try {
                clientMetrics.close();
            } catch (Exception e) {
                LOG.debug("unbinding the producer's metrics failed: {}", e.toString());
            }
        }
    }
}
