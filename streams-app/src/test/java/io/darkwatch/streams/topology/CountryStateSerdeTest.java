package io.darkwatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.common.anomaly.Severity;
import io.darkwatch.streams.detect.CountryState;
import io.darkwatch.streams.detect.DetectorTrack;
import io.darkwatch.streams.detect.EpisodeState;
import io.darkwatch.streams.detect.TrailingHistory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class CountryStateSerdeTest {
    private final CountryStateSerde serde = new CountryStateSerde();

    @Test
    void shouldReadBackEveryFieldOfTheState() {
        // Given a state with a wrapped-around history and an open episode
        TrailingHistory h = new TrailingHistory(5);
        for (long v = 1; v <= 7; v++) {
            h.add(v * 1000, v % 3 == 0);
        }
        EpisodeState open = new EpisodeState(0, -1, true, 1_704_067_200_000L, 1_704_070_800_000L, 12, 1, 3,
                Severity.CRITICAL, 0.0);
        Map<String, DetectorTrack> tracks = new LinkedHashMap<>();
        tracks.put("outage", new DetectorTrack(h, open));
        tracks.put("backscatter-surge", DetectorTrack.empty(5));
        CountryState state = new CountryState(1_704_070_500_000L, tracks);

        // When it is written and read
        CountryState back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", state));

        // Then everything is as it was
        assertEquals(state.lastWindowStartMillis(), back.lastWindowStartMillis());
        assertEquals(state.tracks().keySet(), back.tracks().keySet());
        TrailingHistory hb = back.tracks().get("outage").history();
        assertEquals(5, hb.capacity());
        for (int i = 0; i < 5; i++) {
            assertEquals(h.value(i), hb.value(i));
            assertEquals(h.flagged(i), hb.flagged(i));
        }
        assertEquals(open, back.tracks().get("outage").episode());
        assertEquals(EpisodeState.IDLE, back.tracks().get("backscatter-surge").episode());
    }

    @Test
    void shouldKeepAWeekOfSmallCountsInAFewKilobytes() {
        TrailingHistory h = new TrailingHistory(2016);
        for (int i = 0; i < 2016; i++) {
            h.add(40 + i % 20, false);
        }
        byte[] bytes = serde.serializer().serialize("t", new CountryState(0, Map.of("outage",
                new DetectorTrack(h, EpisodeState.IDLE))));
        assertTrue(bytes.length < 2 * 2016 + 100, bytes.length + " bytes");
    }

    @Test
    void shouldRefuseAStateOfAnUnknownVersion() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> serde.deserializer().deserialize("t", new byte[] {9, 0, 0}));
        assertTrue(e.getMessage().contains("unknown detector state version 9"), e.getMessage());
    }
}
