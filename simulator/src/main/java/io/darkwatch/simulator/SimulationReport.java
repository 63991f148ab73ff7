package io.darkwatch.simulator;

import io.darkwatch.common.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The ground truth of a synthetic capture: what was written, from which countries, and what each
 * event injected (or, for an outage, let through). Deterministic like the capture itself, so it can
 * be committed beside a fixture; written as JSON with {@link #writeJson(Path)}.
 *
 * @param scenario        scenario name
 * @param seed            scenario seed
 * @param sensor          sensor id
 * @param darknet         destination prefix
 * @param start           capture start (inclusive)
 * @param end             capture end (exclusive)
 * @param timestamps      "micro" or "nano"
 * @param capture         file name of the capture
 * @param packets         packets written
 * @param bytes           capture file size
 * @param noisePackets    packets from countries the scenario does not name
 * @param spoofedPackets  noise packets with a likely-spoofed mark
 * @param expectedPackets the mean the Poisson draws scatter around
 * @param countries       per source country (as the geo database places the source), named or noise
 * @param events          per scenario event, in scenario order
 */
public record SimulationReport(String scenario, long seed, String sensor, String darknet, Instant start, Instant end,
        String timestamps, String capture, long packets, long bytes, long noisePackets, long spoofedPackets,
        double expectedPackets, Map<String, CountryTally> countries, List<EventTally> events) {

    public SimulationReport {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        // Sorted, not Map.copyOf: that map's iteration order changes between JVM runs, and the JSON must not.
        countries = Collections.unmodifiableMap(new TreeMap<>(countries));
        events = List.copyOf(events);
    }

    /**
     * Packets from one country.
     *
     * @param named           whether the scenario names the country (false: it only sends noise)
     * @param packets         packets whose source address is in the country
     * @param backscatter     of those, TCP SYN/ACK or RST
     * @param noise           of those, noise
     * @param expectedPackets the mean the count scatters around
     */
    public record CountryTally(boolean named, long packets, long backscatter, long noise, double expectedPackets) {
    }

    /**
     * What one event did.
     *
     * @param index           position in the scenario's event list
     * @param type            backscatter, outage, scan, port-decline or appear
     * @param country         the event's country
     * @param start           first second of the event
     * @param end             end of the event (exclusive)
     * @param packets         backscatter/scan: packets injected; outage: packets the country still sent in the range;
     *                        port-decline: probes moved from the port to others (start to capture end);
     *                        appear: packets the country sent
     * @param expectedPackets backscatter/scan: mean of the injected count; outage: the country's normal traffic
     *                        expected in the range had there been no outage; port-decline, appear: the mean of
     *                        {@code packets}
     * @param sources         backscatter: the victims; scan: the scanners; outage: empty
     * @param ports           backscatter: the victims' source ports; scan: the probed ports; port-decline: its
     *                        port; outage, appear: empty
     */
    public record EventTally(int index, String type, String country, Instant start, Instant end, long packets,
            double expectedPackets, List<String> sources, List<Integer> ports) {
        public EventTally {
            sources = List.copyOf(sources);
            ports = List.copyOf(ports);
        }
    }

    public CountryTally country(String code) {
        CountryTally tally = countries.get(code);
        return tally == null ? new CountryTally(false, 0, 0, 0, 0) : tally;
    }

    /** Where {@link #writeJsonBeside(Path)} puts the report of {@code capture}: x.pcap → x.report.json. */
    public static Path reportPathFor(Path capture) {
        String name = capture.getFileName().toString();
        String stem = name.endsWith(".pcap") ? name.substring(0, name.length() - ".pcap".length()) : name;
        return capture.resolveSibling(stem + ".report.json");
    }

    /** Writes the report next to its capture; returns the path written. */
    public Path writeJsonBeside(Path capture) throws IOException {
        Path path = reportPathFor(capture);
        writeJson(path);
        return path;
    }

    public void writeJson(Path file) throws IOException {
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    }

    public static SimulationReport readJson(Path file) throws IOException {
        return Json.mapper().readValue(file.toFile(), SimulationReport.class);
    }
}
