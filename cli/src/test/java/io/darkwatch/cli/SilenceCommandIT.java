package io.darkwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.broker.SharedKafka;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code darkwatch silence} against a real broker. */
class SilenceCommandIT {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private int silence(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "silence";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--bootstrap-servers";
        full[args.length + 2] = SharedKafka.bootstrapServers();
        return Main.run(full);
    }

    @Test
    void shouldAddListAndExpireASilence() {
        assertEquals(0, silence("add", "--country", "KZ", "--type", "OUTAGE", "--for", "6h", "--comment",
                "announced shutdown"), console.err());
        Matcher id = Pattern.compile("silence (\\S+) until").matcher(console.out());
        assertTrue(id.find(), console.out());

        console.resetOut();
        assertEquals(0, silence("list"));
        assertTrue(console.out().contains(id.group(1)) && console.out().contains("KZ, OUTAGE"), console.out());

        assertEquals(0, silence("expire", id.group(1)));
        console.resetOut();
        assertEquals(0, silence("list"));
        assertTrue(!console.out().contains(id.group(1)), "expired silences are not listed: " + console.out());
    }

    @Test
    void shouldRefuseASilenceThatMatchesEverything() {
        int code = silence("add", "--for", "1h", "--comment", "all of it");

        assertEquals(2, code, "a silence needs a country or a type: bad input");
        assertTrue(console.err().contains("country") , console.err());
    }
}
