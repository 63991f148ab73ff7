package io.darkwatch.alerting.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.alerting.metrics.AlertMetrics;
import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.common.anomaly.Anomaly;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class MeteredSinkTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AlertMetrics metrics = new AlertMetrics(registry);

    @Test
    void shouldCountDeliveriesAndFailuresPerSinkAndReason() throws Exception {
        // Given a sink that fails every second event
        AlertSink flaky = new MeteredSink(new AlertSink() {
            private int calls;

            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public void deliver(Anomaly anomaly) throws AlertDeliveryException {
                if (++calls % 2 == 0) {
                    throw new AlertDeliveryException("http_503", false, "down");
                }
            }

            @Override
            public void close() {
            }
        }, metrics);

        // When four events are delivered
        int failures = 0;
        for (int i = 0; i < 4; i++) {
            try {
                flaky.deliver(Anomalies.openSurge("e" + i));
            } catch (AlertDeliveryException e) {
                failures++;
            }
        }

        // Then two were counted delivered and two failed with their reason
        assertEquals(2, failures);
        assertEquals(2.0, registry.get(AlertMetrics.DELIVERED).tag("sink", "flaky").counter().count());
        assertEquals(2.0, registry.get(AlertMetrics.FAILED).tags("sink", "flaky", "reason", "http_503")
                .counter().count());
        // and only the delivered ones were timed
        assertEquals(2, registry.get(AlertMetrics.DELIVERY_LATENCY).tag("sink", "flaky").timer().count());
    }

    @Test
    void shouldTurnABugInASinkIntoACountedPermanentFailure() {
        AlertSink buggy = new MeteredSink(new AlertSink() {
            @Override
            public String name() {
                return "buggy";
            }

            @Override
            public void deliver(Anomaly anomaly) {
                throw new NullPointerException("oops");
            }

            @Override
            public void close() {
            }
        }, metrics);

        AlertDeliveryException e = assertThrows(AlertDeliveryException.class,
                () -> buggy.deliver(Anomalies.openSurge("e1")));

        assertTrue(e.permanent());
        assertEquals("internal_error", e.reason());
        assertEquals(1.0, registry.get(AlertMetrics.FAILED).tags("sink", "buggy", "reason", "internal_error")
                .counter().count());
    }
}
