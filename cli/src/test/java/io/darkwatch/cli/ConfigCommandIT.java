package io.darkwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.broker.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code darkwatch config} against a real broker, as an operator uses it. */
class ConfigCommandIT {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

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
                console.err());
        assertTrue(console.out().contains("written at offset"), console.out());

        assertEquals(0, config("get", scope));
        assertTrue(console.out().contains("outage.warning-ratio=0.3"), console.out());

        assertEquals(0, config("list"));
        assertTrue(console.out().lines().anyMatch(l -> l.startsWith(scope)), console.out());

        assertEquals(0, config("delete", scope, "--wait", "1s"));
        console.resetOut();
        assertEquals(0, config("get", scope));
        assertTrue(console.out().contains("no settings"), console.out());
    }

    @Test
    void shouldRefuseInvalidSettingsWithEveryProblemAndWriteNothing() {
        int code = config("set", "detector/outage", "outage.warning-ratio=7", "outage.nonsense=1", "window.size=1m");

        assertEquals(2, code);
        String message = console.err();
        assertTrue(message.contains("outage.warning-ratio") && message.contains("outage.nonsense")
                && message.contains("window.size"), "all three problems: " + message);
        console.resetOut();
        assertEquals(0, config("get", "detector/outage"));
        assertTrue(console.out().contains("no settings"), console.out());
    }

    @Test
    void shouldValidateWithoutABroker() {
        assertEquals(0, Main.run("config", "validate", "global", "backscatter.min-ratio=3"));
        assertEquals(2, Main.run("config", "validate", "global", "backscatter.min-ratio=zero"));
        assertTrue(console.err().contains("backscatter.min-ratio"));
    }
}
