package io.darkwatch.alerting.deadletter;

/** Where events that a sink gave up on are kept. */
public interface DeadLetters extends AutoCloseable {

    /** For a service run without a dead-letter topic (local replays): failures are only logged and counted. */
    DeadLetters NONE = new DeadLetters() {
        @Override
        public boolean publish(DeadLetter letter) {
            return false;
        }

        @Override
        public void close() {
        }
    };

    /**
     * Writes one dead letter and returns once it is durably stored, so that the event's offset may
     * be committed after it.
     *
     * @return false when this implementation keeps nothing ({@link #NONE})
     * @throws org.apache.kafka.common.KafkaException when it could not be stored; the caller must
     *                                                then not commit the event's offset
     */
    boolean publish(DeadLetter letter);

    @Override
    void close();
}
