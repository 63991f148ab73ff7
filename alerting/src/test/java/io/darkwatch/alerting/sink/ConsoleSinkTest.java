package io.darkwatch.alerting.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleSinkTest {
    private static final String NL = System.lineSeparator();

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final ConsoleSink console = new ConsoleSink(new PrintStream(buffer, true, StandardCharsets.UTF_8));

    @Test
    void shouldPrintASurgeWithItsVictimsAndPortsOnTwoLines() throws Exception {
        // When an OPEN backscatter surge is delivered
        console.deliver(Anomalies.openSurge("BACKSCATTER_SURGE-UA-1645660800"));

        // Then the first line says what, where, when and how much; the second who is hit
        assertEquals("[CRITICAL] Backscatter surge Ukraine (UA) OPEN  window 2022-02-24 00:00–00:05 UTC  "
                + "observed 120 vs expected 10 (12×)" + NL
                + "    top victims: 192.0.2.7 (80), 198.51.100.23 (30); top ports: 443 (70), 80 (40)" + NL, printed());
    }

    @Test
    void shouldPrintHowLongAResolvedEpisodeLasted() throws Exception {
        console.deliver(Anomalies.backscatter("e1", EpisodeStatus.RESOLVED, 12, 11, List.of(), List.of()));

        assertEquals("[-] Backscatter surge Ukraine (UA) RESOLVED  window 2022-02-24 01:00–01:05 UTC  "
                + "observed 11 vs expected 10 (1.1×)" + NL
                + "    resolved after 1h (2022-02-24 00:00–01:00 UTC)" + NL, printed());
    }

    @Test
    void shouldPrintAnOutageOnOneLine() throws Exception {
        console.deliver(Anomalies.outage("OUTAGE-KZ-1641378600", EpisodeStatus.ONGOING));

        assertEquals("[CRITICAL] Outage Kazakhstan (KZ) ONGOING  window 2022-01-05 10:30–10:35 UTC  "
                + "observed 3 vs expected 250 (0.01×)" + NL, printed());
    }

    @Test
    void shouldShowTheBareCodeWhenTheCountryHasNoName() throws Exception {
        // ZZ is what geo databases answer for "unknown": there is no name to show
        Anomaly unknown = Anomalies.outage("OUTAGE-ZZ-1", EpisodeStatus.OPEN);
        console.deliver(new Anomaly(unknown.version(), unknown.id(), unknown.type(), "ZZ", unknown.windowStart(),
                unknown.windowEnd(), unknown.status(), unknown.severity(), unknown.observed(), unknown.expected(),
                unknown.score(), unknown.detector(), unknown.episodeStart(), unknown.episodeEnd(), unknown.details()));

        assertTrue(printed().startsWith("[CRITICAL] Outage ZZ OPEN  window"), printed());
    }

    @Test
    void shouldShowTheFirstFiveVictimsAndHowManyMore() throws Exception {
        console.deliver(Anomalies.backscatter("e1", EpisodeStatus.ONGOING, 1, 900, Anomalies.manyVictims(8),
                List.of()));

        assertEquals("    top victims: 10.0.0.0 (10,000), 10.0.0.1 (9,999), 10.0.0.2 (9,998), 10.0.0.3 (9,997), "
                + "10.0.0.4 (9,996) and 3 more", printed().split(NL)[1]);
    }

    @Test
    void shouldFailTheDeliveryWhenTheStreamCannotBeWritten() {
        // Given a console whose stream fails on every write
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("closed pipe");
            }
        };
        ConsoleSink sink = new ConsoleSink(new PrintStream(broken, true, StandardCharsets.UTF_8));

        // Then delivering fails with a retriable I/O reason instead of silently losing the alert
        AlertDeliveryException e = assertThrows(AlertDeliveryException.class,
                () -> sink.deliver(Anomalies.openSurge("e1")));
        assertEquals("io_error", e.reason());
    }

    private String printed() {
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
