package io.darkwatch.common.topic;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Heartbeats on the packets topic: null-valued records whose timestamp is the sensor's event time.
 *
 * <p>Why: Kafka Streams advances stream time per partition only when a record arrives on it. A
 * country that goes silent (the Kazakhstan shutdown) would otherwise never have its windows closed
 * and its outage would never be seen. The producer sends one heartbeat to every partition at a
 * fixed event-time interval and once at the end of a replay.
 */
public final class Heartbeats {
    /** Key of every heartbeat; never a country code, so it cannot be mistaken for one. */
    public static final String KEY = "~heartbeat";
    public static final String HEADER = "darkwatch.heartbeat";

    private Heartbeats() {
    }

    /** A heartbeat for a producer of any value type (summaries or blocks): the value is always null. */
    public static <V> ProducerRecord<String, V> record(String topic, int partition, long eventTimeMillis,
            String sensorId) {
        Headers headers = new RecordHeaders(new Header[] {
            new RecordHeader(HEADER, sensorId.getBytes(StandardCharsets.UTF_8))});
        return new ProducerRecord<>(topic, partition, eventTimeMillis, KEY, null, headers);
    }

    public static boolean isHeartbeat(String key, Object value) {
        return value == null && KEY.equals(key);
    }
}
