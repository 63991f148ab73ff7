package io.darkwatch.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.capture.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CaptureProducerMainTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void captureConsole() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreConsole() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldSummariseACaptureWithDecode() {
        int code = CaptureProducerMain.run("decode", TestData.capture("zeek__nmap-vsn.pcap").toString());

        assertEquals(0, code, err());
        assertTrue(out().contains("frames read:   547"), out());
        assertTrue(out().contains("decoded:       44"), out());
        assertTrue(out().contains("undecodable:   503 {NOT_IP=503}"), out());
    }

    @Test
    void shouldFailReplayOfANonCaptureBeforeContactingKafka() throws IOException {
        Path text = Files.writeString(tmp.resolve("x.pcap"), "not a capture");

        // port 1 on loopback: nothing listens, so reaching Kafka would hang or fail differently
        int code = CaptureProducerMain.run("replay", text.toString(), "--bootstrap-servers", "127.0.0.1:1");

        assertEquals(1, code);
        assertEquals("error: " + text + ": not a pcap or pcapng file: bad magic number 0x6e6f7420",
                err().strip());
    }

    @Test
    void shouldFailReplayWithACorruptGeoDatabase() {
        Path db = TestData.geoip("bad/libmaxminddb-corrupt-search-tree.mmdb");

        int code = CaptureProducerMain.run("replay", TestData.capture("zeek__tcp_syn-synack.pcap").toString(),
                "--bootstrap-servers", "127.0.0.1:1", "--geoip", db.toString());

        assertEquals(1, code);
        assertTrue(err().startsWith("error: " + db + ": corrupt MaxMind database"), err());
    }

    @Test
    void shouldRequireTheBootstrapServers() {
        int code = CaptureProducerMain.run("replay", TestData.capture("zeek__tcp_syn-synack.pcap").toString());

        assertEquals(2, code);
        assertTrue(err().contains("Missing required option: '--bootstrap-servers"), err());
    }

    @Test
    void shouldReadDurationsInShortAndIsoForm() {
        assertEquals(Duration.ofSeconds(10), CaptureProducerMain.parseDuration("10s"));
        assertEquals(Duration.ofMinutes(5), CaptureProducerMain.parseDuration("5m"));
        assertEquals(Duration.ofMillis(250), CaptureProducerMain.parseDuration("250ms"));
        assertEquals(Duration.ofHours(1), CaptureProducerMain.parseDuration("1h"));
        assertEquals(Duration.ofSeconds(70), CaptureProducerMain.parseDuration("PT1M10S"));
        assertThrows(CommandLine.TypeConversionException.class, () -> CaptureProducerMain.parseDuration("soon"));
    }
}
