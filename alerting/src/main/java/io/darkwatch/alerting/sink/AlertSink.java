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

    /**
     * Delivers a group of alerts. Sinks that keep a record of events (console, file) write each new
     * event as {@link #deliver(Anomaly)} would and ignore reminders; a chat sink (Slack) overrides this
     * to send one message.
     *
     * @throws AlertDeliveryException when the group could not be delivered (as a whole)
     */
    default void deliverGroup(GroupedAlerts group) throws AlertDeliveryException {
        for (Anomaly anomaly : group.events()) {
            deliver(anomaly);
        }
    }

    /**
     * Delivers a short operational notice (e.g. a flood summary) that is not an event. Only chat
     * sinks show it; the default ignores it.
     */
    default void deliverNotice(String text) throws AlertDeliveryException {
    }

    /** Called from the poll loop between batches, for timed work (flood summaries); quick, never throws. */
    default void idle() {
    }

    /** Releases files and connections; never throws a checked exception. */
    @Override
    void close();
}
