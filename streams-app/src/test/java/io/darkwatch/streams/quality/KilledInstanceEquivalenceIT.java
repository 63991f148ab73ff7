package io.darkwatch.streams.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.broker.SharedKafka;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.packet.PacketSummary;
import io.darkwatch.common.signal.CountryWindow;
import io.darkwatch.common.topic.TopicInitializer;
import io.darkwatch.common.topic.Topics;
import io.darkwatch.simulator.Simulator;
import io.darkwatch.simulator.geo.CountryAddressBook;
import io.darkwatch.streams.config.ConfigTopics;
import io.darkwatch.streams.settings.DetectorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once through a crash: a streams-app process killed with SIGKILL in the middle of a replay
 * and started again on the same state directory commits the same country windows and the same
 * anomaly events, none twice, as a process that ran the whole replay without interruption. The
 * uninterrupted run is also held to the quality goals ({@link QualityVerdict}): this is the sweep's
 * run through a real broker.
 *
 * <p>The broker is the JVM's shared one. darkwatch's topic names are fixed, so this test deletes and
 * recreates them before and after itself: other tests' packets would otherwise be in its replay, and
 * its packets in theirs.
 */
class KilledInstanceEquivalenceIT {
    private static final long SEED = Long.getLong("darkwatch.kill.seed", 101);
    private static final int PARTITIONS = 3;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
    private static final DetectorSettings SETTINGS = DetectorSettings.defaults();

    @TempDir
    Path dir;
    private String bootstrap;
    private final List<StreamsProcess> processes = new ArrayList<>();

    @BeforeEach
    void freshTopics() throws Exception {
        bootstrap = SharedKafka.bootstrapServers();
        recreateTopics(true);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (StreamsProcess p : processes) {
            if (p.isAlive()) {
                p.kill();
            }
        }
        recreateTopics(false);
    }

    @Test
    void shouldCommitTheSameWindowsAndAnomaliesAfterAKillNineMidReplayAsWithoutIt() throws Exception {
        // Given a 48-hour quality scenario (a surge, an outage, a scan burst, a port decline, a country
        // that appears, a quiet one), of which the first 30 hours are published
        SweepCase sweep = QualityScenarios.generate(SEED, 1);
        System.out.println("kill -9 equivalence, " + sweep.describe());
        List<PacketSummary> summaries = new ArrayList<>();
        new Simulator(CountryAddressBook.fromDefaultDatabase()).summaries(sweep.scenario(), summaries::add);
        long start = sweep.scenario().start().toEpochMilli();
        long end = sweep.scenario().end().toEpochMilli();
        long cut = start + Duration.ofHours(30).toMillis();
        long window = SETTINGS.windowSizeMillis();
        long lastWindow = Math.floorDiv(end - 1, window) * window;
        Set<String> countries = sweep.roles().keySet();
        long began = System.nanoTime();

        try (Admin admin = admin(); BrokerPacketPublisher publisher = new BrokerPacketPublisher(bootstrap,
                PARTITIONS)) {
            summaries.stream().filter(p -> p.timestampMillis() < cut).forEach(publisher);
            publisher.flush();
            Map<TopicPartition, Long> beforeB = CommittedOutput.endOffsets(bootstrap, admin);

            // When instance B is killed with SIGKILL once it has committed windows up to hour 12, the
            // remaining 18 hours are published while it is down, and it is started again on its state
            String appB = "quality-killed-" + UUID.randomUUID();
            Path stateB = dir.resolve("state-b");
            Map<TopicPartition, Long> afterB;
            int committedBeforeKill;
            try (CommittedOutput outB = new CommittedOutput(bootstrap, beforeB)) {
                StreamsProcess b1 = started(appB, stateB, "b1");
                long killAt = start + Duration.ofHours(12).toMillis();
                assertTrue(outB.readUntil(() -> outB.latestWindowStart() >= killAt, RUN_TIMEOUT),
                        () -> "instance B never got to hour 12:\n" + b1.tail());
                b1.kill();
                committedBeforeKill = outB.windows.size();
                summaries.stream().filter(p -> p.timestampMillis() >= cut).forEach(publisher);
                publisher.finish(end, window, SETTINGS.windowGraceMillis());
                StreamsProcess b2 = started(appB, stateB, "b2");
                assertTrue(outB.readUntil(() -> outB.hasWindow(countries, lastWindow), RUN_TIMEOUT),
                        () -> "restarted instance B did not finish:\n" + b2.tail());
                assertStoppedCleanly(b2);
                afterB = CommittedOutput.endOffsets(bootstrap, admin);
                outB.readUntil(() -> false, Duration.ofSeconds(1));

                // And instance A, with another application id, processes the whole replay without interruption
                List<CountryWindow> windowsA;
                List<Anomaly> anomaliesA;
                try (CommittedOutput outA = new CommittedOutput(bootstrap, afterB)) {
                    StreamsProcess a = started("quality-whole-" + UUID.randomUUID(), dir.resolve("state-a"), "a");
                    assertTrue(outA.readUntil(() -> outA.hasWindow(countries, lastWindow), RUN_TIMEOUT),
                            () -> "instance A did not finish:\n" + a.tail());
                    assertStoppedCleanly(a);
                    outA.readUntil(() -> false, Duration.ofSeconds(1));
                    windowsA = outA.windows;
                    anomaliesA = outA.anomalies;
                }
                System.out.printf("kill -9 equivalence: %d packets; B killed after %d committed windows, "
                        + "%d windows and %d anomaly events in all; A %d and %d; %.1f s%n", publisher.packetsSent(),
                        committedBeforeKill, outB.windows.size(), outB.anomalies.size(), windowsA.size(),
                        anomaliesA.size(), (System.nanoTime() - began) / 1e9);

                // Then B was really killed mid-way: some windows committed before, the rest after
                assertTrue(committedBeforeKill > 0 && committedBeforeKill < windowsA.size(),
                        committedBeforeKill + " of " + windowsA.size() + " windows committed before the kill");
                // And B committed every window once, and the same windows and anomaly events as A
                assertEquals(List.of(), duplicates(outB.windows), "windows committed twice by B");
                assertEquals(byWindow(windowsA), byWindow(outB.windows));
                assertEquals(sorted(anomaliesA), sorted(outB.anomalies));
                assertEquals(anomaliesA.size(), new HashSet<>(anomaliesA).size(), "anomaly events twice in A");
                // And the uninterrupted run found the surge and the outage, and nothing else
                assertEquals(List.of(), QualityVerdict.failures(sweep, anomaliesA, window));
            }
        }
    }

    /** 143 is how a JVM ends on SIGTERM once its shutdown hooks (which close the app and commit) have run. */
    private static void assertStoppedCleanly(StreamsProcess p) throws InterruptedException {
        int exit = p.stop(Duration.ofSeconds(60));
        assertTrue(exit == 0 || exit == 143, () -> "exit " + exit + ":\n" + p.tail());
    }

    private StreamsProcess started(String applicationId, Path stateDir, String name) throws Exception {
        StreamsProcess p = StreamsProcess.start(bootstrap, applicationId, stateDir, dir.resolve(name + ".log"));
        processes.add(p);
        return p;
    }

    private static List<String> duplicates(List<CountryWindow> windows) {
        Set<String> seen = new HashSet<>();
        return windows.stream().map(w -> w.country() + "@" + w.windowStart()).filter(k -> !seen.add(k)).toList();
    }

    private static Map<String, CountryWindow> byWindow(List<CountryWindow> windows) {
        Map<String, CountryWindow> out = new TreeMap<>();
        windows.forEach(w -> out.put(w.country() + "@" + w.windowStart(), w));
        return out;
    }

    private static List<Anomaly> sorted(List<Anomaly> anomalies) {
        return anomalies.stream().sorted(Comparator.comparing(Anomaly::id).thenComparing(Anomaly::windowStart)
                .thenComparing(Anomaly::status)).toList();
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** Deletes darkwatch's topics if they exist and, when asked, creates the packet and output topics again. */
    private void recreateTopics(boolean create) throws Exception {
        List<String> names = Stream.concat(Topics.ALL.stream(), ConfigTopics.ALL.stream()).map(t -> t.name())
                .toList();
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> delete = names.stream().filter(existing::contains).toList();
            if (!delete.isEmpty()) {
                admin.deleteTopics(delete).all().get(30, TimeUnit.SECONDS);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().anyMatch(names::contains)) {
                assertTrue(System.nanoTime() < deadline, "topics not deleted in time");
                Thread.sleep(100);
            }
            // A topic just deleted may still be "marked for deletion" for a moment, which creation takes for
            // existing: try until the new ones are there.
            while (create && !admin.listTopics().names().get(30, TimeUnit.SECONDS).containsAll(
                    Topics.ALL.stream().map(t -> t.name()).toList())) {
                assertTrue(System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(30), "topics not created in time");
                TopicInitializer.ensure(admin, Topics.ALL, PARTITIONS, (short) 1, true);
                Thread.sleep(100);
            }
        }
    }
}
