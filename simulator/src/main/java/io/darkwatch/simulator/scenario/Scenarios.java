package io.darkwatch.simulator.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds scenarios: the built-in ones by name, anything else by file path. */
public final class Scenarios {
    /** Classpath folder of the built-in scenarios. */
    public static final String RESOURCE_FOLDER = "/io/darkwatch/simulator/scenarios/";

    /** The ~36 h demo modelled on JPCERT/CC's Q1 2022 darknet report (UA backscatter, KZ outage, a 23/TCP scan). */
    public static final String SEED_QUARTER_DEMO = "seed-quarter-demo";
    /** The demo's countries for 24 h with no events: anything flagged in it is a false positive. */
    public static final String STEADY_BACKGROUND = "steady-background";
    /** About 2 million packets over 48 h with a few events, for throughput measurements. */
    public static final String BENCHMARK_48H = "benchmark-48h";
    /** A compact capture (≤ 60 k packets) with one UA backscatter surge and one KZ outage, for fast tests. */
    public static final String SMALL_EVENTS = "small-events";

    /** Ten seconds of a large telescope (~200 k packets/s, ~1.9 M packets, no events), for publishing throughput. */
    public static final String TELESCOPE_BURST = "telescope-burst";

    private static final List<String> BUILT_IN = List.of(SEED_QUARTER_DEMO, STEADY_BACKGROUND, BENCHMARK_48H,
            SMALL_EVENTS, TELESCOPE_BURST);

    private Scenarios() {
    }

    /** Names accepted by {@link #builtIn(String)}. */
    public static List<String> builtInNames() {
        return BUILT_IN;
    }

    /**
     * A built-in scenario by name ("small-events" or "small-events.json"), else the JSON file at that path.
     *
     * @throws IllegalArgumentException when it is neither, listing the built-in names
     * @throws InvalidScenarioException when the scenario has problems
     */
    public static Scenario load(String nameOrPath) {
        String name = stripJson(nameOrPath);
        if (BUILT_IN.contains(name)) {
            return builtIn(name);
        }
        Path path = Path.of(nameOrPath);
        if (Files.isRegularFile(path)) {
            return read(path);
        }
        throw new IllegalArgumentException("'" + nameOrPath + "' is neither a built-in scenario (" + String.join(", ",
                BUILT_IN) + ") nor a readable file");
    }

    public static Scenario builtIn(String name) {
        String bare = stripJson(name);
        if (!BUILT_IN.contains(bare)) {
            throw new IllegalArgumentException("no built-in scenario '" + name + "'; built-in: " + String.join(", ",
                    BUILT_IN));
        }
        String resource = RESOURCE_FOLDER + bare + ".json";
        try (InputStream in = Scenarios.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("built-in scenario " + resource + " is missing from the classpath");
            }
            return ScenarioReader.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), bare);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in scenario " + resource, e);
        }
    }

    /** Reads a scenario file; its name defaults to the file name without ".json". */
    public static Scenario read(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario file " + file, e);
        }
        return ScenarioReader.read(json, stripJson(file.getFileName().toString()));
    }

    private static String stripJson(String name) {
        return name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
    }
}
