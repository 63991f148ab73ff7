package io.darkwatch.alerting.service;

import io.darkwatch.common.kafka.KafkaClientProperties;
import io.darkwatch.alerting.config.AlertingSettings;
import io.darkwatch.alerting.deadletter.DeadLetter;
import io.darkwatch.alerting.deadletter.DeadLetters;
import io.darkwatch.alerting.deadletter.KafkaDeadLetters;
import io.darkwatch.alerting.grouping.AlertGroups;
import io.darkwatch.alerting.grouping.GroupFlush;
import io.darkwatch.alerting.grouping.Grouped;
import io.darkwatch.alerting.grouping.GroupingSettings;
import io.darkwatch.alerting.metrics.AlertMetrics;
import io.darkwatch.alerting.silence.KafkaSilences;
import io.darkwatch.alerting.silence.Silence;
import io.darkwatch.alerting.silence.SilenceClient;
import io.darkwatch.alerting.silence.SilenceSource;
import io.darkwatch.alerting.sink.AlertDeliveryException;
import io.darkwatch.alerting.sink.AlertSink;
import io.darkwatch.alerting.sink.GroupedAlerts;
import io.darkwatch.alerting.state.AlertedEpisode;
import io.darkwatch.alerting.state.EpisodeStateStore;
import io.darkwatch.alerting.state.KafkaEpisodeStateStore;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
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
 *   <li>An event a sink could not deliver (rejected for good, or its retries used up) is written once
 *       to the dead-letter topic, per failing sink, and the service moves on: one broken channel must
 *       not hold back the others, nor stall the partition forever.</li>
 *   <li>Each handled event (delivered or dead-lettered) is recorded in the state store, and only
 *       then is its offset committed. Every write waits for the broker's acknowledgement, so a crash
 *       at any point loses no alert.</li>
 *   <li>An event already handled by this consumer group, in this run or an earlier one, on this
 *       member or one that had the partition before, is skipped and counted: the state store is read
 *       to its end on start and on every partition assignment ({@link EpisodeDeduplicator}).</li>
 *   <li>A record that is not a valid anomaly is logged with topic, partition, offset and reason,
 *       counted and skipped.</li>
 * </ul>
 *
 * <p>Between reading and sending, in this order: deduplication; {@linkplain AlertPolicies silences}
 * (a silenced event is recorded as handled, counted and sent nowhere); routing (each event goes to the
 * common sinks and to the sink of the first route that matches it); grouping (below). Flood
 * protection is a property of each Slack sink ({@link io.darkwatch.alerting.flood.FloodProtectedSink}).
 *
 * <p><b>Grouping</b> (off unless asked for, see {@link GroupingSettings}): events that arrive close
 * together go out as one message per group ({@link AlertGroups}). An event waiting in a group is
 * "in flight": no offset at or past the lowest in-flight offset of its partition is committed, and its
 * state is not recorded, until the group's message has been delivered to every sink or dead-lettered
 * for the sinks that failed. A crash while events wait therefore loses nothing: after the restart they
 * are read again (the commit is behind them) and not skipped (no state was recorded), and they are
 * grouped anew. The price is that events behind a waiting one on the same partition are re-read too;
 * those already handled are skipped through the state store. Waiting groups are sent at once, early,
 * when the service is closed and before its partitions move to another member. A reminder for open
 * episodes is not an event: it commits nothing and, when it fails, is logged and counted only.
 * Reminder timers live in memory; after a restart the next reminder comes only with a new event.
 *
 * <p>What remains at-least-once: an event delivered to a sink when the process dies before its state
 * is recorded (a window of one broker round trip) is delivered again after the restart.
 *
 * <p>{@link #start()} runs the poll loop on its own thread; {@link #close()} lets the current batch
 * finish, commits, and closes the consumer, the sinks, the dead-letter writer and the state store,
 * all of which the service owns. Finishing the batch can take as long as the Slack sink's retries for
 * its events (seconds normally; minutes if Slack keeps answering 429 with long Retry-After), so give
 * the process a termination grace period to match.
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
    /** Reading the state topic to its end: it holds one small record per episode, so this is generous. */
    static final Duration STATE_CATCH_UP_TIMEOUT = Duration.ofMinutes(2);
    static final int DEDUPLICATION_CAPACITY = 100_000;

    private final KafkaConsumer<String, Decoded<Anomaly>> consumer;
    private final KafkaClientMetrics consumerMetrics;
    private final String group;
    private final List<AlertSink> sinks;
    private final AlertMetrics metrics;
    private final DeadLetters deadLetters;
    private final EpisodeStateStore state;
    private final OffsetCommitter committer;
    private final Clock clock;
    private final EpisodeDeduplicator deduplicator;
    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
    /** The group events wait in, or null when every event is sent on its own as it comes. */
    private final AlertGroups<Source> groups;
    private final AlertRouting routing;
    private final SilenceSource silences;
    /** Offsets of events waiting in a group, per partition: nothing at or past the lowest is committed. */
    private final Map<TopicPartition, TreeSet<Long>> inFlight = new HashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    /** What this member last committed per partition, so an idle loop does not commit the same offsets again. */
    private final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean crashed;
    private volatile Throwable failure;
    private Thread loop;

    /**
     * The service for these settings, with the sinks they ask for, dead letters on
     * {@code darkwatch.alerts.dead-letter} and its state on {@code darkwatch.alerting.state} (both must
     * exist: {@link io.darkwatch.alerting.topic.AlertingTopics#ensure}). Nothing is read until {@link #start()}.
     *
     * @throws java.io.UncheckedIOException when the output file cannot be opened
     */
    public static AlertingService create(AlertingSettings settings, MeterRegistry registry) {
        return create(settings, KafkaClientProperties.none(), registry);
    }

    /**
     * As {@link #create(AlertingSettings, MeterRegistry)}, every Kafka client (consumer, dead-letter and
     * state producers, state and silence readers) also configured with {@code kafka} (TLS, SASL, …).
     */
    public static AlertingService create(AlertingSettings settings, KafkaClientProperties kafka,
            MeterRegistry registry) {
        Set<String> producerKeys = ProducerConfig.configNames();
        Set<String> consumerKeys = ConsumerConfig.configNames();
        AlertMetrics metrics = new AlertMetrics(registry);
        List<AlertSink> sinks = AlertSinks.fromSettings(settings, metrics, System.out);
        AlertRouting routing = AlertSinks.routing(settings, metrics);
        DeadLetters deadLetters = null;
        EpisodeStateStore state = null;
        SilenceSource silences = null;
        try {
            deadLetters = new KafkaDeadLetters(kafka.onTopOf(producerConfig(settings, "dead-letter"), producerKeys));
            state = new KafkaEpisodeStateStore(settings.groupId(),
                    kafka.onTopOf(producerConfig(settings, "state"), producerKeys),
                    kafka.onTopOf(stateReaderConfig(settings), consumerKeys), STATE_CATCH_UP_TIMEOUT);
            silences = new KafkaSilences(kafka.onTopOf(SilenceClient.readerConfig(settings.bootstrapServers(),
                    "darkwatch-alerting-silence-reader"), consumerKeys), STATE_CATCH_UP_TIMEOUT);
            return new AlertingService(kafka.onTopOf(consumerConfig(settings), consumerKeys), sinks, metrics, deadLetters, state,
                    new AlertPolicies(settings.grouping(), routing, silences));
        } catch (RuntimeException e) {
            // e.g. no bootstrap server resolves: do not leave the file open behind the error
            sinks.forEach(AlertSink::close);
            routing.sinks().values().forEach(AlertSink::close);
            if (deadLetters != null) {
                deadLetters.close();
            }
            if (state != null) {
                state.close();
            }
            if (silences != null) {
                silences.close();
            }
            throw e;
        }
    }

    /**
     * For callers with their own sinks that need neither a dead-letter topic nor deduplication across
     * runs (local replays): failures are logged and counted only, and deduplication lasts one run.
     * Every event is sent on its own as it comes (no grouping).
     */
    public AlertingService(Map<String, Object> consumerConfig, List<AlertSink> sinks, AlertMetrics metrics) {
        this(consumerConfig, sinks, metrics, DeadLetters.NONE, EpisodeStateStore.MEMORY_ONLY);
    }

    /**
     * For callers with their own sinks, dead letters and state; the service owns and closes all of them.
     * Every event is sent on its own as it comes (no grouping).
     */
    public AlertingService(Map<String, Object> consumerConfig, List<AlertSink> sinks, AlertMetrics metrics,
            DeadLetters deadLetters, EpisodeStateStore state) {
        this(consumerConfig, sinks, metrics, deadLetters, state, AlertPolicies.NONE);
    }

    /**
     * As above, with silences obeyed, each event also sent to the sink of its route, and events grouped
     * into messages, as {@code policies} say; the service owns and closes the route sinks and silences too.
     */
    public AlertingService(Map<String, Object> consumerConfig, List<AlertSink> sinks, AlertMetrics metrics,
            DeadLetters deadLetters, EpisodeStateStore state, AlertPolicies policies) {
        this(consumerConfig, sinks, metrics, deadLetters, state, OffsetCommitter.SYNC, Clock.systemUTC(), policies);
    }

    /** Test seam: how offsets are committed and the clock dead letters and state are stamped with. */
    AlertingService(Map<String, Object> consumerConfig, List<AlertSink> sinks, AlertMetrics metrics,
            DeadLetters deadLetters, EpisodeStateStore state, OffsetCommitter committer, Clock clock) {
        this(consumerConfig, sinks, metrics, deadLetters, state, committer, clock, AlertPolicies.NONE);
    }

    /** Test seam: as above, and the clock is also the one grouping timers run on. */
    AlertingService(Map<String, Object> consumerConfig, List<AlertSink> sinks, AlertMetrics metrics,
            DeadLetters deadLetters, EpisodeStateStore state, OffsetCommitter committer, Clock clock,
            AlertPolicies policies) {
        this.groups = policies.grouping().map(AlertGroups<Source>::new).orElse(null);
        this.routing = policies.routing();
        this.silences = policies.silences();
        this.sinks = List.copyOf(sinks);
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.state = Objects.requireNonNull(state, "state");
        this.committer = Objects.requireNonNull(committer, "committer");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (this.sinks.isEmpty() && routing.sinks().isEmpty()) {
            throw new IllegalArgumentException("at least one sink is needed");
        }
        Object groupId = consumerConfig.get(ConsumerConfig.GROUP_ID_CONFIG);
        if (groupId == null || groupId.toString().isBlank()) {
            throw new IllegalArgumentException("the consumer config has no " + ConsumerConfig.GROUP_ID_CONFIG);
        }
        this.group = groupId.toString();
        this.deduplicator = new EpisodeDeduplicator(group, DEDUPLICATION_CAPACITY);
        if (groups != null) {
            metrics.waitingEvents(waiting::get);
        }
        this.consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new TolerantDeserializer<>(Topics.ANOMALIES.value().deserializer()));
        // The consumer's own metrics (kafka_consumer_*: lag, fetch rate, commits) beside darkwatch's.
        this.consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(metrics.registry());
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

    /**
     * The producer configuration for dead letters and state: every write acknowledged by all in-sync
     * replicas and idempotent, because the event's offset is committed right after it.
     */
    public static Map<String, Object> producerConfig(AlertingSettings settings, String purpose) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "darkwatch-alerting-" + purpose);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return config;
    }

    /** The state reader's configuration: no group (it reads every partition), and never creates the topic. */
    public static Map<String, Object> stateReaderConfig(AlertingSettings settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "darkwatch-alerting-state-reader");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // An auto-created state topic would not be compacted; better a clear error at start-up.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
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

    /** Stops after the current batch, commits its offsets and closes the consumer, the sinks and the stores. */
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
        consumerMetrics.close();
        List<AlertSink> all = new ArrayList<>(sinks);
        all.addAll(routing.sinks().values());
        for (AlertSink sink : all) {
            try {
                sink.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the {} sink failed: {}", sink.name(), e.getMessage());
            }
        }
        closeQuietly(deadLetters, "dead-letter writer");
        closeQuietly(state, "state store");
        closeQuietly(silences, "silence reader");
        stopped.countDown();
    }

    /**
     * Test seam: stops like a killed process, right after the event in hand and without the final
     * commit, then closes everything.
     */
    void crash() {
        crashed = true;
        close();
    }

    private void runLoop() {
        try {
            restoreState();
            silences.catchUp();
            consumer.subscribe(List.of(Topics.ANOMALIES.name()), new Rebalance());
            LOG.info("alerting on {} to {}{}", Topics.ANOMALIES.name(), sinks.stream().map(AlertSink::name).toList(),
                    routing.routes() == null ? "" : " and routes " + routing.sinks().keySet());
            while (running) {
                ConsumerRecords<String, Decoded<Anomaly>> records = consumer.poll(POLL_TIMEOUT);
                silences.refresh();
                for (ConsumerRecord<String, Decoded<Anomaly>> record : records) {
                    if (crashed) {
                        return;
                    }
                    handle(record);
                }
                if (crashed) {
                    return;
                }
                idleSinks();
                if (groups != null) {
                    // Polls return at least every POLL_TIMEOUT, so timers are kept to within that.
                    groups.due(clock.instant()).forEach(this::handle);
                    waiting.set(groups.waiting());
                }
                commitPositions();
            }
        } catch (RuntimeException e) {
            // Kafka retries lost brokers by itself; what reaches here (authorization, a missing topic,
            // a fenced or misconfigured consumer, a bug) will not heal by polling again.
            failure = e;
            LOG.error("the alerting poll loop stopped: {}", e.toString(), e);
        } finally {
            try {
                if (!crashed && failure == null && groups != null) {
                    // Closing: send what waits now rather than leave it to the next start's group wait.
                    groups.drain(clock.instant()).forEach(this::handle);
                    waiting.set(groups.waiting());
                }
            } catch (RuntimeException e) {
                LOG.warn("could not send the waiting groups on the way out; they are read again on the next start: {}",
                        e.toString());
            }
            try {
                if (!crashed) {
                    commitPending();
                }
            } catch (KafkaException e) {
                LOG.warn("could not commit the last offsets on the way out: {}", e.toString());
            }
            try {
                consumer.close();
            } catch (RuntimeException e) {
                // Whatever went wrong, the loop has ended: awaitTermination (the main thread, the shutdown hook)
                // must learn so, or the process would wait forever.
                LOG.warn("closing the consumer failed: {}", e.toString());
            } finally {
                stopped.countDown();
            }
        }
    }

    private void restoreState() {
        List<AlertedEpisode> stored = state.catchUp();
        stored.forEach(deduplicator::restore);
        if (!stored.isEmpty()) {
            LOG.info("read {} handled-episode records of group {} from the state store", stored.size(), group);
        }
    }

    private void handle(ConsumerRecord<String, Decoded<Anomaly>> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.value() instanceof Decoded.Failure<Anomaly> bad) {
            metrics.badRecord();
            LOG.warn("skipping a bad record on {} partition {} offset {} (key {}): {}",
                    record.topic(), record.partition(), record.offset(), record.key(), bad.reason());
            markHandled(partition, record.offset());
            return;
        }
        Anomaly anomaly = ((Decoded.Value<Anomaly>) record.value()).value();
        if (deduplicator.alreadyAlerted(anomaly)) {
            metrics.deduplicated();
            LOG.info("not alerting {} {} again (redelivered at {} partition {} offset {})",
                    anomaly.id(), anomaly.status(), record.topic(), record.partition(), record.offset());
            markHandled(partition, record.offset());
            return;
        }
        Optional<Silence> silence = silences.matching(anomaly, clock.instant());
        if (silence.isPresent()) {
            // Handled, not sent: when the silence ends, the episode's next step is alerted as news.
            metrics.silenced();
            LOG.info("not sending {} {} ({} {}): silenced by {} until {} ({}: {})", anomaly.id(), anomaly.status(),
                    anomaly.type(), anomaly.country(), silence.get().id(), silence.get().endsAt(),
                    silence.get().author(), silence.get().comment());
            state.save(deduplicator.remember(anomaly, clock.instant()));
            markHandled(partition, record.offset());
            return;
        }
        if (groups != null) {
            Source source = new Source(partition, record.offset());
            if (groups.add(routing.route(anomaly), new Grouped<>(anomaly, source), clock.instant())) {
                inFlight.computeIfAbsent(partition, p -> new TreeSet<>()).add(record.offset());
            } else {
                // An update folded into the open episode's next reminder: handled now.
                state.save(deduplicator.remember(anomaly, clock.instant()));
                markHandled(partition, record.offset());
            }
            waiting.set(groups.waiting());
            return;
        }
        List<DeadLetter> failures = new ArrayList<>();
        for (AlertSink sink : targets(routing.route(anomaly))) {
            try {
                sink.deliver(anomaly);
            } catch (AlertDeliveryException e) {
                if ("interrupted".equals(e.reason())) {
                    // Not the event's fault: leave it uncommitted so that it is handled again after the restart.
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while delivering " + anomaly.id(), e);
                }
                LOG.error("alert {} {} was not delivered to {} ({}): {}", anomaly.id(), anomaly.status(),
                        sink.name(), e.reason(), e.getMessage());
                failures.add(new DeadLetter(DeadLetter.CURRENT_VERSION, anomaly, sink.name(), e.reason(),
                        e.permanent(), e.httpStatus().isPresent() ? e.httpStatus().getAsInt() : null, e.attempts(),
                        clock.instant(), group, record.topic(), record.partition(), record.offset()));
            }
        }
        // Each write below waits for its acknowledgement; should one fail, the loop stops before the commit
        // and the event is handled again after the restart.
        for (DeadLetter letter : failures) {
            if (deadLetters.publish(letter)) {
                metrics.deadLettered(letter.sink(), letter.reason());
                LOG.warn("dead-lettered {} {} for the {} sink ({})", anomaly.id(), anomaly.status(), letter.sink(),
                        letter.reason());
            }
        }
        state.save(deduplicator.remember(anomaly, clock.instant()));
        markHandled(partition, record.offset());
        // Alerts are few and each may have cost a Slack call: commit now so a crash re-reads as little as possible.
        commitPending();
    }

    /**
     * Sends one group's message to every sink; on failure dead-letters each of its events for that
     * sink. Then, and only then, records the events' state and releases their offsets for commit.
     */
    private void handle(GroupFlush<Source> flush) {
        // A silence added while the alerts waited (or, for a reminder, since they were sent) holds them back too.
        Instant now = clock.instant();
        List<Anomaly> shown = flush.alerts().stream().filter(a -> silences.matching(a, now).isEmpty()).toList();
        if (!flush.reminder()) {
            for (int i = shown.size(); i < flush.alerts().size(); i++) {
                metrics.silenced();
            }
        }
        List<AlertSink> targets = shown.isEmpty() ? List.of() : targets(flush.group());
        GroupedAlerts message = shown.isEmpty() ? null : new GroupedAlerts(flush.group(),
                flush.events().stream().map(Grouped::anomaly).filter(a -> silences.matching(a, now).isEmpty()).toList(),
                shown, flush.reminder());
        List<DeadLetter> failures = new ArrayList<>();
        for (AlertSink sink : targets) {
            try {
                sink.deliverGroup(message);
            } catch (AlertDeliveryException e) {
                if ("interrupted".equals(e.reason())) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while delivering group " + flush.group(), e);
                }
                LOG.error("{} of {} alerts in group {} was not delivered to {} ({}): {}",
                        flush.reminder() ? "a reminder" : "a message", flush.alerts().size(), flush.group(),
                        sink.name(), e.reason(), e.getMessage());
                for (Grouped<Source> event : flush.events()) {
                    Source s = event.source();
                    failures.add(new DeadLetter(DeadLetter.CURRENT_VERSION, event.anomaly(), sink.name(), e.reason(),
                            e.permanent(), e.httpStatus().isPresent() ? e.httpStatus().getAsInt() : null,
                            e.attempts(), clock.instant(), group, s.partition().topic(), s.partition().partition(),
                            s.offset()));
                }
            }
        }
        if (flush.reminder()) {
            return;
        }
        for (DeadLetter letter : failures) {
            if (deadLetters.publish(letter)) {
                metrics.deadLettered(letter.sink(), letter.reason());
            }
        }
        if (!failures.isEmpty()) {
            LOG.warn("dead-lettered {} events of group {}", failures.size(), flush.group());
        }
        for (Grouped<Source> event : flush.events()) {
            state.save(deduplicator.remember(event.anomaly(), clock.instant()));
            TreeSet<Long> offsets = inFlight.get(event.source().partition());
            if (offsets != null) {
                offsets.remove(event.source().offset());
                if (offsets.isEmpty()) {
                    inFlight.remove(event.source().partition());
                }
            }
            markHandled(event.source().partition(), event.source().offset());
        }
        if (!shown.isEmpty()) {
            metrics.groupedMessage();
        }
        commitPending();
    }

    private void idleSinks() {
        for (AlertSink sink : sinks) {
            sink.idle();
        }
        for (AlertSink sink : routing.sinks().values()) {
            sink.idle();
        }
    }

    /** The common sinks (console, file), then the route's own. */
    private List<AlertSink> targets(String route) {
        List<AlertSink> out = new ArrayList<>(sinks);
        out.addAll(routing.sinksOf(route));
        return out;
    }

    /**
     * Notes that the record at {@code offset} is handled: its partition may be committed up to it,
     * but never past an event that still waits in a group.
     */
    private void markHandled(TopicPartition partition, long offset) {
        long next = committable(partition, offset + 1);
        OffsetAndMetadata known = pending.get(partition);
        if (known == null || known.offset() < next) {
            pending.put(partition, new OffsetAndMetadata(next));
        }
    }

    /** {@code wanted}, or the lowest offset still waiting in a group on that partition when that is lower. */
    private long committable(TopicPartition partition, long wanted) {
        TreeSet<Long> offsets = inFlight.get(partition);
        return offsets == null || offsets.isEmpty() ? wanted : Math.min(wanted, offsets.first());
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
            position = committable(tp, position);
            OffsetAndMetadata last = committed.get(tp);
            if (last == null || last.offset() < position) {
                markHandled(tp, position - 1);
            }
        }
        commitPending();
    }

    private void commitPending() {
        if (pending.isEmpty()) {
            return;
        }
        try {
            committer.commit(consumer, pending);
            committed.putAll(pending);
        } catch (org.apache.kafka.clients.consumer.CommitFailedException
                | org.apache.kafka.common.errors.RebalanceInProgressException e) {
            // The partitions moved to another member, which resumes from the last commit and skips what the
            // state store says was handled.
            LOG.warn("offsets {} not committed, the group is rebalancing: {}", pending, e.getMessage());
        }
        pending.clear();
    }

    /** Where a grouped event came from. */
    private record Source(TopicPartition partition, long offset) {
    }

    private static void closeQuietly(AutoCloseable resource, String what) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("closing the {} failed: {}", what, e.toString());
        }
    }

    /** Commits what was handled before partitions move; catches up on the state before new ones are read. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!crashed) {
                if (groups != null && running && failure == null) {
                    // The next owner would re-read these events and group them again after its own wait.
                    groups.drain(clock.instant()).forEach(AlertingService.this::handle);
                    waiting.set(groups.waiting());
                }
                if (failure == null) {
                    // After a failure the loop's own last commit has been tried already; trying again while the
                    // consumer closes would only make the close fail too.
                    commitPending();
                }
            }
        }

        /**
         * This member was cut off (it missed its session or poll deadline) and the partitions already
         * belong to another, which resumes from the last commit: sending or committing what waits for
         * them here would duplicate the other's work, so it is dropped instead. (Kafka's default would
         * run {@link #onPartitionsRevoked}, i.e. send it.)
         */
        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            int dropped = groups == null ? 0 : groups.forget(source -> partitions.contains(source.partition()));
            partitions.forEach(tp -> {
                inFlight.remove(tp);
                pending.remove(tp);
                committed.remove(tp);
            });
            waiting.set(groups == null ? 0 : groups.waiting());
            LOG.warn("partitions {} were lost to another member of group {}; it sends the {} events that waited here",
                    partitions, group, dropped);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // The member that had these partitions recorded its last events before it let them go.
            restoreState();
            LOG.info("reading anomalies from partitions {}", partitions);
        }
    }
}
