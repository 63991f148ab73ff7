package io.darkwatch.alerting.silence;

import io.darkwatch.common.kafka.KafkaClientProperties;
import io.darkwatch.alerting.topic.AlertingTopics;
import io.darkwatch.common.anomaly.AnomalyType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Adds, lists and expires silences on {@code darkwatch.alerting.silences}, for the CLI
 * ({@code darkwatch silence add|list|expire}). Every alerting instance follows that topic, so a
 * silence applies to all of them within a poll. The topic must exist (the alerting service creates it).
 */
public final class SilenceClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<String, Silence> producer;
    private final Map<String, Object> readerConfig;
    private final Clock clock;

    /** A client of the cluster at {@code bootstrapServers}, on the system clock. */
    public static SilenceClient connect(String bootstrapServers) {
        return new SilenceClient(bootstrapServers, Clock.systemUTC());
    }

    /** A client of a secured cluster: {@code kafka} (TLS, SASL, …) configures its producer and readers. */
    public static SilenceClient connect(String bootstrapServers, KafkaClientProperties kafka) {
        return new SilenceClient(bootstrapServers, kafka, Clock.systemUTC());
    }

    /** As {@link #connect(String)}, with the clock that stamps and ends silences. */
    public SilenceClient(String bootstrapServers, Clock clock) {
        this(bootstrapServers, KafkaClientProperties.none(), clock);
    }

    private SilenceClient(String bootstrapServers, KafkaClientProperties kafka, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "darkwatch-silence-client");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(kafka.onTopOf(p, ProducerConfig.configNames()), new StringSerializer(),
                AlertingTopics.SILENCES.value().serializer());
        this.readerConfig = kafka.onTopOf(readerConfig(bootstrapServers, "darkwatch-silence-client-reader"),
                ConsumerConfig.configNames());
    }

    /** The configuration of a reader of the silences topic: no group, from the beginning, never creates it. */
    public static Map<String, Object> readerConfig(String bootstrapServers, String clientId) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return c;
    }

    /**
     * Adds a silence from now for {@code duration}, once the broker has it.
     *
     * @param country ISO code (any case), or null for any country
     * @param type    anomaly type, or null for any type; at least one of country and type
     * @throws IllegalArgumentException listing every problem with the values
     */
    public Silence add(String country, AnomalyType type, Duration duration, String comment, String author) {
        var now = clock.instant();
        List<String> problems = new ArrayList<>();
        if (duration == null || duration.isZero() || duration.isNegative()) {
            problems.add("a silence must last more than zero, not " + duration);
        }
        String code = country == null || country.isBlank() ? null : country.strip().toUpperCase(Locale.ROOT);
        var end = problems.isEmpty() ? now.plus(duration) : now.plusSeconds(1);
        problems.addAll(Silence.problems(code, type, now, end, comment, author));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Silence silence = new Silence(UUID.randomUUID().toString(), code, type, now, end, comment.strip(),
                author.strip());
        write(silence.id(), silence);
        return silence;
    }

    /** The silences in force now, ending soonest first. */
    public List<Silence> list() {
        try (SilenceTopicReader reader = new SilenceTopicReader(readerConfig)) {
            reader.catchUp(TIMEOUT);
            return reader.book().active(clock.instant());
        }
    }

    /**
     * Ends a silence now (a tombstone under its id, which compaction then removes).
     *
     * @return false when no silence in force has this id
     */
    public boolean expire(String id) {
        Objects.requireNonNull(id, "id");
        boolean known;
        try (SilenceTopicReader reader = new SilenceTopicReader(readerConfig)) {
            reader.catchUp(TIMEOUT);
            known = reader.book().get(id).filter(s -> s.isActive(clock.instant())).isPresent();
        }
        if (known) {
            write(id, null);
        }
        return known;
    }

    private void write(String id, Silence value) {
        try {
            producer.send(new ProducerRecord<>(AlertingTopics.SILENCES.name(), id, value))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing silence " + id, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not write silence " + id + " to "
                    + AlertingTopics.SILENCES.name() + ": " + (e.getCause() == null ? e : e.getCause()), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
