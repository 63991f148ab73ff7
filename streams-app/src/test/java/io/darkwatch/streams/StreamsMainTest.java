package io.darkwatch.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StreamsMainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new StreamsMain());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void shouldListEveryProblemOfTheOptionsAndExitWithTwo() {
        int code = run("--set", "window.sise=5m", "--set", "signal.top-n=0", "--application-id", "a b");

        assertEquals(StreamsMain.EXIT_BAD_SETTINGS, code);
        String text = err.toString();
        assertTrue(text.startsWith("4 problems in the settings:"), text);
        assertTrue(text.contains("unknown setting 'window.sise' (did you mean window.size?)"), text);
        assertTrue(text.contains("signal.top-n: 0 is out of range [1, 1000]"), text);
        assertTrue(text.contains("bootstrap servers are missing"), text);
        assertTrue(text.contains("application id 'a b'"), text);
    }

    @Test
    void shouldRefuseToStartWithAnAsnDatabaseThatIsNotOneNamingTheFile() throws Exception {
        java.nio.file.Path country = java.nio.file.Path.of(getClass().getResource("/geoip/GeoIP2-Country-Test.mmdb")
                .toURI());

        int code = run("--bootstrap-servers", "localhost:9", "--asn-db", country.toString());

        assertEquals(StreamsMain.EXIT_BAD_SETTINGS, code);
        assertTrue(err.toString().contains("ASN database " + country + " is a GeoIP2-Country database, not an ASN one"),
                err.toString());
    }

    @Test
    void shouldRejectMetricsLabelLimitsOutOfRangeWithTheOtherProblems() {
        int code = run("--metrics-max-countries", "-1", "--metrics-max-ports", "5000");

        assertEquals(StreamsMain.EXIT_BAD_SETTINGS, code);
        String text = err.toString();
        assertTrue(text.startsWith("3 problems in the settings:"), text);
        assertTrue(text.contains("metrics max countries must be 0..1000, not -1"), text);
        assertTrue(text.contains("metrics max ports must be 0..1000, not 5000"), text);
        assertTrue(text.contains("bootstrap servers are missing"), text);
    }

    @Test
    void shouldPassRepeatedSetOptionsThroughAsSettings() {
        StreamsMain main = new StreamsMain();
        new CommandLine(main).parseArgs("--bootstrap-servers", "localhost:9092", "--set", "window.size=PT10M",
                "--set", "baseline.windows=1008", "--replication-factor", "1", "--kafka-property",
                "num.stream.threads=2");
        var s = main.settings();
        assertEquals(600_000L, s.detector().windowSizeMillis());
        assertEquals(1008, s.detector().baselineWindows());
        assertEquals(1, s.replicationFactor());
        assertEquals("2", s.kafkaProperties().get("num.stream.threads"));
        assertEquals("darkwatch-streams", s.applicationId());
    }

    @Test
    void shouldPrintTheSettingsTable() {
        assertEquals(0, run("--list-settings"));
        assertTrue(out.toString().contains("| `window.size` | duration | `5m` |"), out.toString());
    }

    @Test
    void shouldReportTheQueryOptionsProblemsWithTheOthers() {
        int code = run("--bootstrap-servers", "localhost:9092", "--set", "window.size=1h", "--set", "baseline.windows=100",
                "--set", "baseline.min-windows=12", "--query-port", "99999",
                "--query-retention", "90m");

        assertEquals(StreamsMain.EXIT_BAD_SETTINGS, code);
        String text = err.toString();
        assertTrue(text.startsWith("2 problems in the settings:"), text);
        assertTrue(text.contains("query port 99999 must be 0-65535, or -1 for no query API"), text);
        assertTrue(text.contains("query retention 90m must be at least two windows (PT2H)"), text);
    }

    @Test
    void shouldServeTheQueryApiOnItsDefaultPortAndTakeTheAdvertisedHostAndRetention() {
        StreamsMain main = new StreamsMain();
        new CommandLine(main).parseArgs("--bootstrap-servers", "localhost:9092", "--query-host", "streams-0.darkwatch",
                "--query-retention", "8d");
        var q = main.querySettings();
        assertEquals(9412, q.port());
        assertEquals("streams-0.darkwatch", q.advertisedHost());
        assertEquals(java.time.Duration.ofDays(8), q.retention());
    }

    @Test
    void shouldTurnTheQueryApiOffWithMinusOne() {
        StreamsMain main = new StreamsMain();
        new CommandLine(main).parseArgs("--bootstrap-servers", "localhost:9092", "--query-port", "-1");
        assertTrue(!main.querySettings().enabled());
    }
}
