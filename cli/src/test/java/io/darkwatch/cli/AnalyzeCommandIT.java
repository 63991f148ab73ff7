package io.darkwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkwatch.common.json.Json;
import io.darkwatch.simulator.Simulator;
import io.darkwatch.simulator.scenario.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code darkwatch analyze} as a user runs it: exit codes, files, messages. */
class AnalyzeCommandIT {

    @TempDir
    Path dir;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @Test
    void shouldWriteEveryAnomalyAsAJsonLineAndASummary() throws Exception {
        Path capture = dir.resolve("small.pcap");
        new Simulator().run(Scenarios.load(Scenarios.SMALL_EVENTS), capture);
        Path events = dir.resolve("anomalies.jsonl");

        int code = Main.run("analyze", capture.toString(), "--out", events.toString());

        assertEquals(0, code, console.err());
        List<String> lines = Files.readAllLines(events);
        assertTrue(lines.size() >= 4, "OPEN and RESOLVED for two episodes at least: " + lines);
        java.util.Map<String, List<String>> statusesById = new java.util.LinkedHashMap<>();
        for (String line : lines) {
            JsonNode json = Json.mapper().readTree(line);
            for (String field : List.of("id", "type", "country", "windowStart", "windowEnd", "status", "observed",
                    "expected", "score", "detector", "details")) {
                assertTrue(json.has(field), field + " missing in " + line);
            }
            for (String time : List.of("windowStart", "windowEnd")) {
                String text = json.get(time).asText();
                assertTrue(text.endsWith("Z"), time + " is not UTC: " + text);
                java.time.Instant.parse(text);
            }
            statusesById.computeIfAbsent(json.get("id").asText(), k -> new java.util.ArrayList<>())
                    .add(json.get("status").asText());
        }
        assertEquals(2, statusesById.size(), "two episodes, each under one id: " + statusesById);
        for (List<String> statuses : statusesById.values()) {
            assertEquals("OPEN", statuses.get(0), statuses.toString());
            assertEquals("RESOLVED", statuses.get(statuses.size() - 1), statuses.toString());
        }
        String summary = console.out();
        assertTrue(summary.contains("top dst ports"), summary);
        assertTrue(summary.contains("top countries"), summary);
        assertTrue(summary.contains("BACKSCATTER_SURGE") && summary.contains("OUTAGE"), summary);
        assertTrue(summary.contains("nro.net"), "the default database's attribution is shown: " + summary);
    }

    @Test
    void shouldWriteEventsToStdoutAndTheSummaryToStderrWithoutOut() throws Exception {
        Path capture = dir.resolve("small.pcap");
        new Simulator().run(Scenarios.load(Scenarios.SMALL_EVENTS), capture);

        int code = Main.run("analyze", capture.toString());

        assertEquals(0, code, console.err());
        List<String> lines = console.out().lines().toList();
        assertTrue(lines.size() >= 4, "events on stdout: " + lines);
        for (String line : lines) {
            assertEquals("backscatter-surge,outage".contains(Json.mapper().readTree(line).get("detector").asText()),
                    true, "stdout holds only JSON events: " + line);
        }
        assertTrue(console.err().contains("top countries"), "the summary went to stderr");
    }

    @Test
    void shouldProcessATruncatedCaptureAndSayItWasTruncated() throws Exception {
        byte[] whole = Files.readAllBytes(Path.of(getClass().getResource("/pcap/tcpdump__print-flags.pcap").toURI()));
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 40));

        int code = Main.run("analyze", cut.toString());

        assertEquals(0, code, console.err());
        String report = console.err();
        assertTrue(report.contains("packets read      9 "), report);
        assertTrue(report.contains("TRUNCATED"), report);
    }

    @Test
    void shouldFailWithOneLineForAMissingFile() {
        int code = Main.run("analyze", dir.resolve("nope.pcap").toString());

        assertEquals(2, code);
        String message = console.err().trim();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("no such file") && message.contains("nope.pcap"), message);
    }

    @Test
    void shouldFailWithOneLineForAFileThatIsNotACapture() throws Exception {
        Path text = dir.resolve("notes.pcap");
        Files.writeString(text, "hello, this is not a capture\n");

        int code = Main.run("analyze", text.toString());

        assertEquals(2, code);
        String message = console.err().trim();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("notes.pcap") && message.contains("not a pcap"), message);
    }

    @Test
    void shouldRejectUnknownSettingsBeforeStartingAnything() throws Exception {
        Path capture = Path.of(getClass().getResource("/pcap/tcpdump__print-flags.pcap").toURI());

        int code = Main.run("analyze", capture.toString(), "--set", "window.sise=5m", "--set", "outage.warning-ratio=7");

        assertEquals(2, code);
        String message = console.err();
        assertTrue(message.contains("window.sise") && message.contains("outage.warning-ratio"),
                "both problems at once: " + message);
    }
}
