package io.darkwatch.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.capture.testing.TestData;
import io.darkwatch.common.packet.IpAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        int code = CaptureProducerMain.run("decode", "--summary",
                TestData.capture("zeek__nmap-vsn.pcap").toString());

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

        assertEquals(2, code, "bad input, as analyze reports it");
        assertEquals("error: " + text + ": not a pcap or pcapng file: bad magic number 0x6e6f7420",
                err().strip());
    }

    @Test
    void shouldFailReplayWithACorruptGeoDatabase() {
        Path db = TestData.geoip("bad/libmaxminddb-corrupt-search-tree.mmdb");

        int code = CaptureProducerMain.run("replay", TestData.capture("zeek__tcp_syn-synack.pcap").toString(),
                "--bootstrap-servers", "127.0.0.1:1", "--geoip", db.toString());

        assertEquals(2, code, "bad input, as analyze reports it");
        assertTrue(err().startsWith("error: " + db + ": corrupt MaxMind database"), err());
    }

    @Test
    void shouldFailReplayOfADirectoryHoldingANonCaptureBeforeContactingKafka() throws IOException {
        Files.copy(TestData.capture("zeek__tcp_syn-synack.pcap"), tmp.resolve("a.pcap"));
        Path text = Files.writeString(tmp.resolve("b.pcap"), "not a capture");

        int code = CaptureProducerMain.run("replay", tmp.toString(), "--bootstrap-servers", "127.0.0.1:1");

        assertEquals(2, code);
        assertTrue(err().startsWith("error: " + text + ": not a pcap or pcapng file"), err());
    }

    @Test
    void shouldRefuseAnUnknownReplaySpeed() {
        int code = CaptureProducerMain.run("replay", TestData.capture("zeek__tcp_syn-synack.pcap").toString(),
                "--bootstrap-servers", "127.0.0.1:1", "--speed", "warp");

        assertEquals(2, code);
        assertTrue(err().contains("'warp' is not a replay speed: use max, realtime or a positive multiple"), err());
    }

    @Test
    void shouldFailCaptureOnAMissingInterfaceBeforeContactingKafka() {
        int code = CaptureProducerMain.run("capture", "--metrics-port", "-1", "--interface", "darkwatch-nx0", "--bootstrap-servers",
                "127.0.0.1:1");

        assertEquals(2, code, err());
        assertTrue(err().startsWith("error: cannot capture on darkwatch-nx0: "), err());
    }

    @Test
    void shouldReportEveryBadCaptureSettingAtOnce() {
        int code = CaptureProducerMain.run("capture", "--metrics-port", "-1", "--interface", "lo", "--bootstrap-servers", "127.0.0.1:1",
                "--snaplen", "20", "--queue-size", "0", "--buffer-size", "1k");

        assertEquals(2, code);
        assertTrue(err().contains("snaplen must be 68..262144"), err());
        assertTrue(err().contains("buffer size must be at least 64 KiB, not 1024 bytes"), err());
        assertTrue(err().contains("queue size must be positive, not 0"), err());
    }

    @Test
    void shouldDocumentTheCapabilitiesCaptureNeeds() {
        int code = CaptureProducerMain.run("capture", "--help");

        assertEquals(0, code);
        assertTrue(out().contains("AmbientCapabilities=CAP_NET_RAW"), out());
        assertTrue(out().contains("setcap cap_net_raw=eip $(readlink -f $(which java))"), out());
        assertTrue(out().contains("/etc/ld.so.conf.d"), out());
        assertTrue(out().contains("docker run --cap-add=NET_RAW --network host"), out());
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

    @Test
    void shouldPrintOneTsvLinePerPacketAgreeingWithTshark() throws IOException {
        // Given a mixed capture (IPv4 TCP/UDP, IPv6, ARP) and tshark's view of each frame
        List<String[]> tshark = Files.readAllLines(TestData.capture("expected/zeek__wikipedia.pcap.tsv")).stream()
                .skip(1).map(line -> line.split("\t", -1)).toList();

        // When it is decoded to TSV
        int code = CaptureProducerMain.run("decode", TestData.capture("zeek__wikipedia.pcap").toString());

        // Then there is a header and one line per frame with tshark's values
        assertEquals(0, code, err());
        List<String> lines = out().lines().toList();
        assertEquals("time_epoch\tsrc\tdst\tprotocol\tsrc_port\tdst_port\ttcp_flags\tlength\tcountry\tundecodable",
                lines.get(0));
        assertEquals(tshark.size(), lines.size() - 1);
        int undecodable = 0;
        for (int i = 0; i < tshark.size(); i++) {
            String[] exp = tshark.get(i);
            String[] got = lines.get(i + 1).split("\t", -1);
            String where = "frame " + exp[0];
            assertEquals(10, got.length, where);
            assertEquals(exp[1], got[0], where + " time");
            assertEquals(exp[3], got[7], where + " length");
            if (exp[6].isEmpty()) {
                // no IP layer in tshark (ARP): the reason is given, the address columns are empty
                assertEquals("", got[1], where);
                assertTrue(got[9].startsWith("not_ip: "), where + ": " + got[9]);
                undecodable++;
                continue;
            }
            assertEquals(IpAddress.parse(exp[6]), IpAddress.parse(got[1]), where + " src");
            assertEquals(IpAddress.parse(exp[7]), IpAddress.parse(got[2]), where + " dst");
            assertEquals(exp[8], got[3], where + " protocol");
            boolean ports = exp[9].equals("tcp") || exp[9].equals("udp");
            assertEquals(ports ? exp[10] : "0", got[4], where + " src port");
            assertEquals(ports ? exp[11] : "0", got[5], where + " dst port");
            int flags = exp[9].equals("tcp") ? Integer.parseInt(exp[12].substring(2), 16) & 0x1ff : 0;
            assertEquals(flags, Integer.parseInt(got[6].substring(2), 16), where + " flags");
            assertEquals(2, got[8].length(), where + " country");
            assertEquals("", got[9], where);
        }
        assertEquals(10, undecodable, "the ARP frames");
    }

    @Test
    void shouldPrintJsonLinesWithTheCountryFromTheGivenDatabase() {
        // Given the MaxMind test database, which knows 81.2.69.160 as GB; zeek's SYN/SYN-ACK addresses are not in it
        String geoip = TestData.geoip("GeoIP2-Country-Test.mmdb").toString();

        int code = CaptureProducerMain.run("decode", "--format", "JSON", "--geoip", geoip,
                TestData.capture("zeek__tcp_syn-synack.pcap").toString());

        assertEquals(0, code, err());
        assertEquals(List.of(
                "{\"time_epoch\":\"1362692526.869344000\",\"src\":\"141.142.228.5\",\"dst\":\"192.150.187.43\","
                        + "\"protocol\":6,\"src_port\":59856,\"dst_port\":80,\"tcp_flags\":\"0x002\",\"length\":78,"
                        + "\"country\":\"ZZ\"}",
                "{\"time_epoch\":\"1362692526.939084000\",\"src\":\"192.150.187.43\",\"dst\":\"141.142.228.5\","
                        + "\"protocol\":6,\"src_port\":80,\"dst_port\":59856,\"tcp_flags\":\"0x012\",\"length\":74,"
                        + "\"country\":\"ZZ\"}"), out().lines().toList());
    }

    @Test
    void shouldPrintAnUndecodablePacketWithItsReasonInJson() {
        int code = CaptureProducerMain.run("decode", "--format", "json",
                TestData.capture("zeek__nmap-vsn.pcap").toString());

        assertEquals(0, code, err());
        List<String> lines = out().lines().toList();
        assertEquals(547, lines.size());
        List<String> undecodable = lines.stream().filter(l -> l.contains("\"undecodable\"")).toList();
        assertEquals(503, undecodable.size(), "the ARP frames");
        assertTrue(undecodable.get(0).matches("\\{\"time_epoch\":\"\\d+\\.\\d{9}\",\"length\":\\d+,"
                + "\"undecodable\":\"not_ip\",\"detail\":\"[^\"]+\"}"), undecodable.get(0));
    }

    @Test
    void shouldPrintTheHeaderAnIcmpErrorQuotesInJson() {
        int code = CaptureProducerMain.run("decode", "--format", "json",
                TestData.capture("zeek__icmp_icmp-destunreach-udp.pcap").toString());

        assertEquals(0, code, err());
        List<String> lines = out().lines().toList();
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).matches("\\{\"time_epoch\":\"\\d+\\.\\d{9}\",\"src\":\"192\\.168\\.1\\.102\","
                + "\"dst\":\"192\\.168\\.1\\.1\",\"protocol\":1,.*,\"quoted\":\\{\"src\":\"192\\.168\\.1\\.1\","
                + "\"dst\":\"192\\.168\\.1\\.102\",\"protocol\":17,\"src_port\":53,\"dst_port\":59207}}"), lines.get(0));
    }

    @Test
    void shouldRefuseAnUnknownOutputFormat() {
        int code = CaptureProducerMain.run("decode", "--format", "xml", TestData.capture("zeek__nmap-vsn.pcap").toString());

        assertEquals(2, code);
        assertTrue(err().contains("'xml' is not a format: use tsv or json"), err());
    }
}
