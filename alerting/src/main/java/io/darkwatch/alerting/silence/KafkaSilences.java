package io.darkwatch.alerting.silence;

import io.darkwatch.common.anomaly.Anomaly;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The service's view of the silences topic: read whole at start, then followed between batches, so
 * a silence added on any instance (or by {@link SilenceClient}) applies everywhere within a poll.
 */
public final class KafkaSilences implements SilenceSource {
    private final SilenceTopicReader reader;
    private final Duration timeout;

    /** @param readerConfig bootstrap servers etc., no group id, auto offset reset earliest */
    public KafkaSilences(Map<String, Object> readerConfig, Duration timeout) {
        this.reader = new SilenceTopicReader(readerConfig);
        this.timeout = timeout;
    }

    @Override
    public void catchUp() {
        reader.catchUp(timeout);
    }

    @Override
    public void refresh() {
        reader.poll(Duration.ZERO);
    }

    @Override
    public Optional<Silence> matching(Anomaly anomaly, Instant now) {
        return reader.book().matching(anomaly, now);
    }

    @Override
    public void close() {
        reader.close();
    }
}
