package io.darkwatch.alerting.service;

import io.darkwatch.alerting.config.AlertingSettings;
import io.darkwatch.alerting.metrics.AlertMetrics;
import io.darkwatch.alerting.sink.AlertDeliveryException;
import io.darkwatch.alerting.sink.AlertSink;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads anomaly events from {@link Topics#ANOMALIES} and hands each one to every sink.
 *
 * <ul>
 *   <li>Reads only committed records ({@code isolation.level=read_committed}): the streams app writes
 *       in transactions, and an aborted attempt must never be alerted.</li>
 *   <li>Commits an event's offset only after every sink has had it (at-least-once). A sink that
 *       fails after its own retries is logged and counted, and the service moves on: one broken
 *       channel must not hold back the others, nor stall the partition forever.</li>
 *   <li>An OPEN or RESOLVED event whose episode was already alerted with that status in this run is
 *       skipped and counted ({@link EpisodeDeduplicator}; it does not survive a restart yet).</li>
 *   <li>A record that is not a valid anomaly is logged with topic, partition, offset and reason,
 *       counted and skipped.</li>
 * </ul>
 *
 * <p>{@link #start()} runs the poll loop on its own thread; {@link #close()} lets the current batch
 * finish, commits, and closes the consumer and the sinks. The service owns the sinks it is given.
 * Finishing the batch can take as long as the Slack sink's retries for its events (seconds
 * normally; minutes if Slack keeps answering 429 with long Retry-After), so give the process a
 * termination grace period to match.
 *
 * <p>Delivery is at-least-once: an event delivered just before a crash, whose offset was not yet
 * committed, is sent again after the restart, because the deduplication memory does not survive a
 * restart. A persistent record of sent alerts is planned for a later version.
 */
public final class AlertingService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertingService.class);

    /** How long one poll waits for records; also how quickly the loop notices {@link #close()}. */
    static final Duration POLL_TIMEOUT = Duration.ofMillis(300);
    /**
     * Small batches: anomalies are few, and a batch of events that each need Slack retries must stay
     * well within {@code max.poll.interval.ms}, or the group would evict this consumer mid-batch.
     */
    static final int MAX_POLL_RECORDS = 10;
    static final Duration MAX_POLL_INTERVAL = Duration.ofMinutes(15);
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(5);
    static final int DEDUPLICATION_CAPACITY = 100_000;

    private final KafkaConsumer<String, Decoded<Anomaly>> consumer;
    private final List<AlertSink> sinks;
    private final AlertMetrics metrics;
    private final EpisodeDeduplicator deduplicator = new EpisodeDeduplicator(DEDUPLICATION_CAPACITY);
    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
    /** What this member last committed per partition, so an idle loop does not commit the same offsets again. */
    private final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Throwable failure;
    private Thread loop;

    /**
     * The service for these settings, with the sinks they ask for. Nothing is read until {@link #start()}.
     *
     * @throws java.io.UncheckedIOException when the output file cannot be opened
     */
    public static AlertingService create(AlertingSettings settings, MeterRegistry registry) {
        AlertMetrics metrics = new AlertMetrics(registry);
        List<AlertSink> sinks = AlertSinks.fromSettings(settings, metrics, System.out);
        try {
            return new AlertingService(consumerConfig(settings), sinks, metrics);
        } catch (RuntimeException e) {
            // e.g. no bootstrap server resolves: do not leave the file open behind the error
            sinks.forEach(AlertSink::close);
            throw e;
        }
    }

    /** Test seam and for callers with their own sinks: the consumer is built from {@code consumerConfig}. */
    public AlertingService(Map<String, Object> consumerConfig, List<AlertSink> sinks, AlertMetrics metrics) {
        this.sinks = List.copyOf(sinks);
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        if (this.sinks.isEmpty()) {
            throw new IllegalArgumentException("at least one sink is needed");
        }
        this.consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new TolerantDeserializer<>(Topics.ANOMALIES.value().deserializer()));
    }

    /** The consumer configuration these settings stand for. */
    public static Map<String, Object> consumerConfig(AlertingSettings settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "darkwatch-alerting");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.startFrom().offsetReset());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) MAX_POLL_INTERVAL.toMillis());
        // Idle connections must outlive the longest poll interval, or the coordinator connection can be
        // closed in the middle of a slow batch (Kafka warns about exactly this).
        config.put(ConsumerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG, (int) MAX_POLL_INTERVAL.plusMinutes(1).toMillis());
        return config;
    }

    /** Starts the poll loop on a thread of its own; once only. */
    public void start() {
        if (closed.get() || !started.compareAndSet(false, true)) {
            throw new IllegalStateException(closed.get() ? "already closed" : "already started");
        }
        loop = new Thread(this::runLoop, "darkwatch-alerting-poll");
        loop.start();
    }

    /**
     * Waits until the poll loop has ended (after {@link #close()} or a fatal error).
     *
     * @return false when it is still running after {@code timeout}
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Why the poll loop stopped on its own, if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Stops after the current batch, commits its offsets and closes the consumer and the sinks. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running = false;
        if (loop != null) {
            try {
                loop.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close();
        }
        for (AlertSink sink : sinks) {
            try {
                sink.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the {} sink failed: {}", sink.name(), e.getMessage());
            }
        }
        stopped.countDown();
    }

    private void runLoop() {
        try {
            consumer.subscribe(List.of(Topics.ANOMALIES.name()), new CommitOnRevoke());
            LOG.info("alerting on {} to {}", Topics.ANOMALIES.name(), sinks.stream().map(AlertSink::name).toList());
            while (running) {
                ConsumerRecords<String, Decoded<Anomaly>> records = consumer.poll(POLL_TIMEOUT);
                for (ConsumerRecord<String, Decoded<Anomaly>> record : records) {
                    handle(record);
                }
                commitPositions();
            }
        } catch (RuntimeException e) {
            // Kafka retries lost brokers by itself; what reaches here (authorization, a fenced or
            // misconfigured consumer, a bug) will not heal by polling again.
            failure = e;
            LOG.error("the alerting poll loop stopped: {}", e.toString(), e);
        } finally {
            try {
                commitPending();
            } catch (KafkaException e) {
                LOG.warn("could not commit the last offsets on the way out: {}", e.toString());
            }
            consumer.close();
            stopped.countDown();
        }
    }

    private void handle(ConsumerRecord<String, Decoded<Anomaly>> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        pending.put(partition, new OffsetAndMetadata(record.offset() + 1));
        if (record.value() instanceof Decoded.Failure<Anomaly> bad) {
            metrics.badRecord();
            LOG.warn("skipping a bad record on {} partition {} offset {} (key {}): {}",
                    record.topic(), record.partition(), record.offset(), record.key(), bad.reason());
            return;
        }
        Anomaly anomaly = ((Decoded.Value<Anomaly>) record.value()).value();
        if (deduplicator.alreadyAlerted(anomaly)) {
            metrics.deduplicated();
            LOG.info("not alerting {} {} again (redelivered at {} partition {} offset {})",
                    anomaly.id(), anomaly.status(), record.topic(), record.partition(), record.offset());
            return;
        }
        boolean worthRetrying = false;
        for (AlertSink sink : sinks) {
            try {
                sink.deliver(anomaly);
            } catch (AlertDeliveryException e) {
                worthRetrying |= !e.permanent();
                LOG.error("alert {} {} was not delivered to {} ({}): {}", anomaly.id(), anomaly.status(),
                        sink.name(), e.reason(), e.getMessage());
            }
        }
        // Remembered unless some sink might still take it later: a redelivery then gets a second chance.
        if (!worthRetrying) {
            deduplicator.remember(anomaly);
        }
        // Alerts are few and each may have cost a Slack call: commit now so a crash re-sends as little as possible.
        commitPending();
    }

    /**
     * After a whole batch is handled, commits each partition's position rather than the last
     * record's offset + 1. The streams app writes transactionally, so a commit marker follows each
     * transaction's records; the position is past it, the last record is not. Committing the
     * position makes "committed == end offset" true once everything is handled, which is how
     * operators (and darkwatch's own local runner) tell that alerting has caught up.
     */
    private void commitPositions() {
        for (TopicPartition tp : consumer.assignment()) {
            long position;
            try {
                position = consumer.position(tp, POSITION_TIMEOUT);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                continue; // no position yet (offsets still being looked up): nothing handled there to commit
            }
            OffsetAndMetadata last = committed.get(tp);
            if (last == null || last.offset() < position) {
                pending.put(tp, new OffsetAndMetadata(position));
            }
        }
        commitPending();
    }

    private void commitPending() {
        if (pending.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(pending);
            committed.putAll(pending);
        } catch (org.apache.kafka.clients.consumer.CommitFailedException
                | org.apache.kafka.common.errors.RebalanceInProgressException e) {
            // The partitions moved to another member, which resumes from the last commit: some events may repeat there.
            LOG.warn("offsets {} not committed, the group is rebalancing: {}", pending, e.getMessage());
        }
        pending.clear();
    }

    /** Commits what was handled before partitions move to another member. */
    private final class CommitOnRevoke implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commitPending();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("reading anomalies from partitions {}", partitions);
        }
    }
}
