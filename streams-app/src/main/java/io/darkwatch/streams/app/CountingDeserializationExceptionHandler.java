package io.darkwatch.streams.app;

import io.darkwatch.streams.topology.TopologyMetrics;
import io.micrometer.core.instrument.Metrics;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skips a record that cannot be deserialized, counts it in {@code darkwatch.records.invalid{reason=undecodable}}
 * and logs it: one corrupt packet summary must not stop the analysis of all the others. Kafka
 * Streams instantiates this class itself; {@link StreamsApp} hands it the shared
 * {@link TopologyMetrics} through the config key {@value #METRICS_CONFIG}.
 *
 * <p>Logging is thinned out (the first ten, then every ten-thousandth) so that a producer that
 * writes garbage at full speed fills the counter, not the disk.
 */
public final class CountingDeserializationExceptionHandler implements DeserializationExceptionHandler {
    /** Config key whose value is the {@link TopologyMetrics} instance to count in. */
    public static final String METRICS_CONFIG = "darkwatch.metrics";
    private static final Logger LOG = LoggerFactory.getLogger(CountingDeserializationExceptionHandler.class);
    private static final AtomicLong SKIPPED = new AtomicLong();

    private TopologyMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        Object m = configs.get(METRICS_CONFIG);
        if (m instanceof TopologyMetrics given) {
            metrics = given;
        } else {
            LOG.warn("no {} in the streams config; undecodable records are counted on Micrometer's global registry",
                    METRICS_CONFIG);
            metrics = new TopologyMetrics(Metrics.globalRegistry);
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        metrics.invalidRecord("undecodable");
        long n = SKIPPED.incrementAndGet();
        if (n <= 10 || n % 10_000 == 0) {
            LOG.warn("skipping undecodable record #{} at {}-{} offset {}: {}", n, record.topic(), record.partition(),
                    record.offset(), exception.getMessage());
        }
        return Response.resume();
    }
}
