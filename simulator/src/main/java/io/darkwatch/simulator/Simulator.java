package io.darkwatch.simulator;

import io.darkwatch.common.packet.IpAddress;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.simulator.SimulationReport.CountryTally;
import io.darkwatch.simulator.SimulationReport.EventTally;
import io.darkwatch.simulator.geo.CountryAddressBook;
import io.darkwatch.simulator.pcap.FrameEncoder;
import io.darkwatch.simulator.pcap.PcapWriter;
import io.darkwatch.simulator.scenario.AppearEvent;
import io.darkwatch.simulator.scenario.BackscatterEvent;
import io.darkwatch.simulator.scenario.OutageEvent;
import io.darkwatch.simulator.scenario.PortDeclineEvent;
import io.darkwatch.simulator.scenario.ScanEvent;
import io.darkwatch.simulator.scenario.Scenario;
import io.darkwatch.simulator.scenario.ScenarioEvent;
import io.darkwatch.simulator.traffic.SyntheticPacket;
import io.darkwatch.simulator.traffic.TrafficGenerator;
import io.darkwatch.simulator.traffic.TrafficPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Turns a {@link Scenario} into a pcap capture and its {@link SimulationReport}. Packets are made
 * second by second and written in time order; the same scenario always gives the same bytes.
 *
 * <pre>{@code
 * Simulator simulator = new Simulator();                       // bundled country database
 * SimulationReport report = simulator.run(Scenarios.load("seed-quarter-demo"), Path.of("demo.pcap"));
 * report.writeJsonBeside(Path.of("demo.pcap"));                // demo.report.json
 * }</pre>
 */
public final class Simulator {
    /** Capture time between two progress reports. */
    public static final Duration PROGRESS_INTERVAL = Duration.ofMinutes(5);

    private final Supplier<CountryAddressBook> addresses;
    private CountryAddressBook loaded;

    /** Sources from the database bundled in darkwatch-geodata (read on the first run, ≈ 0.3 s). */
    public Simulator() {
        this(CountryAddressBook::fromDefaultDatabase);
    }

    /** Sources from a GeoIP2/GeoLite2 Country or ip-location-db country database: use the one the producer uses. */
    public Simulator(Path mmdb) {
        this(() -> CountryAddressBook.fromFile(mmdb));
    }

    public Simulator(CountryAddressBook addresses) {
        this(supplying(Objects.requireNonNull(addresses, "addresses")));
    }

    private static Supplier<CountryAddressBook> supplying(CountryAddressBook addresses) {
        return () -> addresses;
    }

    private Simulator(Supplier<CountryAddressBook> addresses) {
        this.addresses = addresses;
    }

    public SimulationReport run(Scenario scenario, Path out) throws IOException {
        return run(scenario, out, ProgressListener.NONE);
    }

    /**
     * Writes the capture of {@code scenario} to {@code out} (replacing it). The file appears under its
     * name only when complete: it is written to {@code out.part} and then moved.
     *
     * @throws IllegalArgumentException when the geo database has no addresses for a scenario country
     */
    public SimulationReport run(Scenario scenario, Path out, ProgressListener listener) throws IOException {
        Path part = out.resolveSibling(out.getFileName() + ".part");
        Generated generated;
        long bytes;
        try (PcapWriter writer = PcapWriter.create(part, scenario.timestamps())) {
            generated = generate(scenario, listener, (p, encoder, length) -> {
                try {
                    writer.write(p.timestampNanos(), encoder.buffer(), 0, length);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.flush();
            bytes = writer.bytesWritten();
        } catch (UncheckedIOException e) {
            Files.deleteIfExists(part);
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return generated.tally().report(generated.generator(), out.getFileName().toString(), bytes);
    }

    /**
     * The packets of {@code scenario} as the summaries capture-producer would publish for its capture,
     * in time order, without writing or decoding a capture: for tests and benchmarks that need days of
     * traffic through the streams topology quickly. Each summary has the frame's fields and length,
     * the scenario's sensor id, and as its country the one the geo database places the source in (the
     * simulator draws every source from its country's addresses, so a producer using the same
     * database finds the same). Not computed here: the AS number (0) and the spoofing hints (0; named
     * countries' packets never carry a mark, only a scenario's spoofed noise does, and capture-producer's
     * decoder is what recognises those).
     *
     * @return the report, as {@link #run} gives it, with no capture name and 0 bytes
     * @throws IllegalArgumentException when the geo database has no addresses for a scenario country
     */
    public SimulationReport summaries(Scenario scenario, Consumer<PacketSummary> sink) {
        String sensor = scenario.sensor();
        Generated generated = generate(scenario, ProgressListener.NONE,
                (p, encoder, length) -> sink.accept(summary(p, sensor, length)));
        return generated.tally().report(generated.generator(), "", 0);
    }

    /** What is done with each packet, in time order, right after its frame was encoded. */
    private interface PacketSink {
        void accept(SyntheticPacket packet, FrameEncoder encoder, int frameLength);
    }

    private record Generated(TrafficGenerator generator, Tally tally) {
    }

    private Generated generate(Scenario scenario, ProgressListener listener, PacketSink sink) {
        TrafficGenerator generator = new TrafficGenerator(scenario, addressBook());
        Tally tally = new Tally(scenario);
        long first = scenario.start().getEpochSecond();
        long seconds = scenario.durationSeconds();
        long progressEvery = PROGRESS_INTERVAL.getSeconds();
        FrameEncoder encoder = new FrameEncoder();
        List<SyntheticPacket> batch = new ArrayList<>();
        for (long i = 0; i < seconds; i++) {
            generator.second(first + i, batch);
            for (SyntheticPacket p : batch) {
                sink.accept(p, encoder, encode(encoder, p));
                tally.add(p);
            }
            if ((i + 1) % progressEvery == 0 || i + 1 == seconds) {
                listener.onProgress(new SimulationProgress(Instant.ofEpochSecond(first + i + 1), tally.packets,
                        (double) (i + 1) / seconds));
            }
        }
        return new Generated(generator, tally);
    }

    static PacketSummary summary(SyntheticPacket p, String sensor, int frameLength) {
        boolean icmp = p.protocol() == IpProtocol.ICMP;
        return new PacketSummary(p.timestampNanos(), sensor, IpAddress.ofV4(p.src()), IpAddress.ofV4(p.dst()),
                p.protocol(), icmp ? 0 : p.srcPort(), icmp ? 0 : p.dstPort(), p.tcpFlags(), p.icmpType(),
                p.icmpCode(), p.ttl(), frameLength, p.country(), 0, 0);
    }

    private synchronized CountryAddressBook addressBook() {
        if (loaded == null) {
            loaded = addresses.get();
        }
        return loaded;
    }

    private static int encode(FrameEncoder encoder, SyntheticPacket p) {
        return switch (p.protocol()) {
            case IpProtocol.TCP -> encoder.tcp(p.src(), p.dst(), p.ttl(), p.ipId(),
                    p.srcPort(), p.dstPort(), p.seq(), p.ack(), p.tcpFlags(), p.window());
            case IpProtocol.UDP -> encoder.udp(p.src(), p.dst(), p.ttl(), p.ipId(),
                    p.srcPort(), p.dstPort(), p.payloadLength());
            case IpProtocol.ICMP -> encoder.icmp(p.src(), p.dst(), p.ttl(), p.ipId(),
                    p.icmpType(), p.icmpCode(), p.seq(), p.payloadLength());
            default -> throw new IllegalStateException("no frame layout for protocol " + p.protocol());
        };
    }

    /** Counts packets for the report as they are written. */
    private static final class Tally {
        private final Scenario scenario;
        private final Map<String, long[]> countries = new HashMap<>();
        private final long[] eventPackets;
        private long packets;
        private long noise;
        private long spoofed;

        Tally(Scenario scenario) {
            this.scenario = scenario;
            this.eventPackets = new long[scenario.events().size()];
        }

        void add(SyntheticPacket p) {
            packets++;
            long[] c = countries.computeIfAbsent(p.country(), k -> new long[3]);
            c[0]++;
            if (p.isBackscatter()) {
                c[1]++;
            }
            if (p.noise()) {
                c[2]++;
                noise++;
                if (p.spoofed()) {
                    spoofed++;
                }
            }
            if (p.event() >= 0) {
                eventPackets[p.event()]++;
            }
            // An outage's count is what its country still sent inside the outage's range; an appearance's
            // what the country sent once it appeared.
            long second = Math.floorDiv(p.timestampNanos(), 1_000_000_000L);
            for (int e = 0; e < eventPackets.length; e++) {
                ScenarioEvent event = scenario.events().get(e);
                if ((event instanceof OutageEvent || event instanceof AppearEvent) && !p.noise()
                        && event.country().equals(p.country()) && event.covers(second)) {
                    eventPackets[e]++;
                }
            }
        }

        SimulationReport report(TrafficGenerator generator, String capture, long bytes) {
            TrafficPlan plan = generator.plan();
            Map<String, CountryTally> byCountry = new HashMap<>();
            for (int i = 0; i < scenario.countries().size(); i++) {
                String code = scenario.countries().get(i).code();
                long[] c = countries.getOrDefault(code, new long[3]);
                byCountry.put(code, new CountryTally(true, c[0], c[1], c[2], round(plan.expectedCountryPackets(i))));
            }
            Map<String, Double> expectedNoise = generator.expectedNoisePackets();
            countries.forEach((code, c) -> {
                if (!byCountry.containsKey(code)) {
                    byCountry.put(code, new CountryTally(false, c[0], c[1], c[2],
                            round(expectedNoise.getOrDefault(code, 0.0))));
                }
            });
            List<EventTally> events = new ArrayList<>();
            for (int e = 0; e < scenario.events().size(); e++) {
                ScenarioEvent event = scenario.events().get(e);
                List<Integer> ports = event instanceof BackscatterEvent b ? b.ports()
                        : event instanceof ScanEvent s ? s.ports()
                        : event instanceof PortDeclineEvent d ? List.of(d.port()) : List.of();
                events.add(new EventTally(e, event.type(), event.country(), event.start(), event.end(),
                        eventPackets[e], round(plan.expectedEventPackets(e)), generator.eventParticipants(e), ports));
            }
            return new SimulationReport(scenario.name(), scenario.seed(), scenario.sensor(),
                    scenario.darknet().toString(), scenario.start(), scenario.end(), scenario.timestamps().jsonName(),
                    capture, packets, bytes, noise, spoofed, round(plan.expectedPackets()), byCountry, events);
        }

        private static double round(double v) {
            return Math.round(v * 100) / 100.0;
        }
    }
}
