package io.darkwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.broker.SharedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code darkwatch config} against a real broker, as an operator uses it. */
class ConfigCommandIT {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void captureOutput() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOutput() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        originalErr.print(err.toString(StandardCharsets.UTF_8));
    }

    private int config(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "config";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--bootstrap-servers";
        full[args.length + 2] = SharedKafka.bootstrapServers();
        return Main.run(full);
    }

    @Test
    void shouldWriteShowListAndDeleteAScope() {
        String scope = "detector/outage/country/KZ";

        assertEquals(0, config("set", scope, "outage.warning-ratio=0.3", "--comment", "test", "--wait", "1s"),
                err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("written at offset"), out.toString());

        assertEquals(0, config("get", scope));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("outage.warning-ratio=0.3"), out.toString());

        assertEquals(0, config("list"));
        assertTrue(out.toString(StandardCharsets.UTF_8).lines().anyMatch(l -> l.startsWith(scope)), out.toString());

        assertEquals(0, config("delete", scope, "--wait", "1s"));
        out.reset();
        assertEquals(0, config("get", scope));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("no settings"), out.toString());
    }

    @Test
    void shouldRefuseInvalidSettingsWithEveryProblemAndWriteNothing() {
        int code = config("set", "detector/outage", "outage.warning-ratio=7", "outage.nonsense=1", "window.size=1m");

        assertEquals(2, code);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("outage.warning-ratio") && message.contains("outage.nonsense")
                && message.contains("window.size"), "all three problems: " + message);
        out.reset();
        assertEquals(0, config("get", "detector/outage"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("no settings"), out.toString());
    }

    @Test
    void shouldValidateWithoutABroker() {
        assertEquals(0, Main.run("config", "validate", "global", "backscatter.min-ratio=3"));
        assertEquals(2, Main.run("config", "validate", "global", "backscatter.min-ratio=zero"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("backscatter.min-ratio"));
    }
}
