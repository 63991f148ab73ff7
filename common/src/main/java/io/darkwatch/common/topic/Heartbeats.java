package io.darkwatch.common.topic;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Heartbeats on the packets topic: null-valued records carrying the sensor's event time, in the
 * {@value #EVENT_TIME_HEADER} header (8 bytes, big-endian ms since the epoch) and as the record
 * timestamp. The header is what counts: the packets topic uses {@code LogAppendTime}
 * ({@link Topics#PACKETS}), so the broker replaces the record timestamp with the time of append.
 *
 * <p>Why: Kafka Streams advances stream time per partition only when a record arrives on it. A
 * country that goes silent (the Kazakhstan shutdown) would otherwise never have its windows closed
 * and its outage would never be seen. The producer sends one heartbeat to every partition at a
 * fixed event-time interval and once at the end of a replay.
 */
public final class Heartbeats {
    /** Key of every heartbeat; never a country code, so it cannot be mistaken for one. */
    public static final String KEY = "~heartbeat";
    /** Header naming the sensor that sent the heartbeat (UTF-8). */
    public static final String HEADER = "darkwatch.heartbeat";
    /** Header holding the heartbeat's event time. */
    public static final String EVENT_TIME_HEADER = "darkwatch.event-time";

    private Heartbeats() {
    }

    /** A heartbeat for a producer of any value type (summaries or blocks): the value is always null. */
    public static <V> ProducerRecord<String, V> record(String topic, int partition, long eventTimeMillis,
            String sensorId) {
        Headers headers = new RecordHeaders(new Header[] {
            new RecordHeader(HEADER, sensorId.getBytes(StandardCharsets.UTF_8)),
            new RecordHeader(EVENT_TIME_HEADER, ByteBuffer.allocate(8).putLong(eventTimeMillis).array())});
        return new ProducerRecord<>(topic, partition, eventTimeMillis, KEY, null, headers);
    }

    /** The event time a heartbeat carries in its header, if it has one (heartbeats of older producers do not). */
    public static OptionalLong eventTime(Headers headers) {
        Header h = headers == null ? null : headers.lastHeader(EVENT_TIME_HEADER);
        if (h == null || h.value() == null || h.value().length != 8) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(ByteBuffer.wrap(h.value()).getLong());
    }

    public static boolean isHeartbeat(String key, Object value) {
        return value == null && KEY.equals(key);
    }
}
