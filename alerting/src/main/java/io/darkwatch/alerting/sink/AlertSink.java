package io.darkwatch.alerting.sink;

import io.darkwatch.common.anomaly.Anomaly;

/**
 * Somewhere an anomaly event is shown or sent to. Implementations deliver one event per call and
 * are called from one thread at a time.
 */
public interface AlertSink extends AutoCloseable {

    /** Short, fixed name used as the {@code sink} tag of metrics and in logs, e.g. {@code slack}. */
    String name();

    /**
     * Delivers one event, retrying internally where the sink knows how to.
     *
     * @throws AlertDeliveryException when the event could not be delivered; its reason says why and
     *                                whether trying again later could help
     */
    void deliver(Anomaly anomaly) throws AlertDeliveryException;

    /** Releases files and connections; never throws a checked exception. */
    @Override
    void close();
}
