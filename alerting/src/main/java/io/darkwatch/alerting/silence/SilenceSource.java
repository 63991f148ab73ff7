package io.darkwatch.alerting.silence;

import io.darkwatch.common.anomaly.Anomaly;
import java.time.Instant;
import java.util.Optional;

/** The silences the alerting service obeys. */
public interface SilenceSource extends AutoCloseable {
    /** No silences at all (local replays). */
    SilenceSource NONE = new SilenceSource() {
        @Override
        public void catchUp() {
        }

        @Override
        public void refresh() {
        }

        @Override
        public Optional<Silence> matching(Anomaly anomaly, Instant now) {
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    };

    /** Reads every silence there is; before the first event is handled. */
    void catchUp();

    /** Takes in silences added or removed since; quick, called between batches. */
    void refresh();

    Optional<Silence> matching(Anomaly anomaly, Instant now);

    @Override
    void close();
}
