package io.darkwatch.alerting.deadletter;

import io.darkwatch.alerting.topic.AlertingTopics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/** Dead letters on {@link AlertingTopics#DEAD_LETTER}, each acknowledged before {@link #publish} returns. */
public final class KafkaDeadLetters implements DeadLetters {
    private final KafkaProducer<String, DeadLetter> producer;

    /** @param producerConfig e.g. {@code AlertingService.producerConfig(settings)}: acks=all, idempotent */
    public KafkaDeadLetters(Map<String, Object> producerConfig) {
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                AlertingTopics.DEAD_LETTER.value().serializer());
    }

    @Override
    public boolean publish(DeadLetter letter) {
        try {
            producer.send(new ProducerRecord<>(AlertingTopics.DEAD_LETTER.name(), letter.anomaly().id(), letter)).get();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while writing a dead letter for " + letter.anomaly().id(), e);
        } catch (ExecutionException e) {
            throw new KafkaException("cannot write a dead letter for " + letter.anomaly().id() + " to "
                    + AlertingTopics.DEAD_LETTER.name() + ": " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
