package io.darkwatch.streams.topology;

import io.darkwatch.common.anomaly.Severity;
import io.darkwatch.streams.detect.CountryState;
import io.darkwatch.streams.detect.DetectorTrack;
import io.darkwatch.streams.detect.EpisodeState;
import io.darkwatch.streams.detect.TrailingHistory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of a {@link CountryState} in the detector-state store and its changelog. Compact
 * because it is rewritten for every country every window: history values are varints with the
 * anomalous flag in the lowest bit, so a 7-day history of small counts takes about 2 bytes a
 * window.
 *
 * <pre>
 * u8 version (=1), i64 last window start, varint track count, then per track:
 *   UTF name, varint capacity, varint size, size × varint(value &lt;&lt; 1 | anomalous),
 *   episode: varint pendingRun, i64 pendingStart, u8 open, i64 episodeStart, i64 lastAnomalousEnd,
 *            varint anomalousWindows, varint normalRun, varint windowsSinceReport,
 *            i8 worst severity (-1 none), f64 peakObserved
 * </pre>
 */
final class CountryStateSerde implements Serde<CountryState> {
    private static final byte VERSION = 1;

    @Override
    public Serializer<CountryState> serializer() {
        return (topic, state) -> state == null ? null : write(state);
    }

    @Override
    public Deserializer<CountryState> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return read(data);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("unreadable detector state (" + data.length + " bytes): "
                        + e.getMessage(), e);
            }
        };
    }

    static byte[] write(CountryState state) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            out.writeLong(state.lastWindowStartMillis());
            writeVarLong(out, state.tracks().size());
            for (Map.Entry<String, DetectorTrack> e : state.tracks().entrySet()) {
                out.writeUTF(e.getKey());
                TrailingHistory h = e.getValue().history();
                writeVarLong(out, h.capacity());
                writeVarLong(out, h.size());
                for (int i = 0; i < h.size(); i++) {
                    writeVarLong(out, (h.value(i) << 1) | (h.flagged(i) ? 1 : 0));
                }
                EpisodeState ep = e.getValue().episode();
                writeVarLong(out, ep.pendingRun());
                out.writeLong(ep.pendingStartMillis());
                out.writeBoolean(ep.open());
                out.writeLong(ep.episodeStartMillis());
                out.writeLong(ep.lastAnomalousEndMillis());
                writeVarLong(out, ep.anomalousWindows());
                writeVarLong(out, ep.normalRun());
                writeVarLong(out, ep.windowsSinceReport());
                out.writeByte(ep.worst() == null ? -1 : ep.worst().ordinal());
                out.writeDouble(ep.peakObserved());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
    }

    static CountryState read(byte[] data) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IOException("unknown detector state version " + version + " (this reader knows " + VERSION + ")");
        }
        long last = in.readLong();
        int tracks = (int) readVarLong(in);
        Map<String, DetectorTrack> byName = new LinkedHashMap<>();
        for (int t = 0; t < tracks; t++) {
            String name = in.readUTF();
            TrailingHistory h = new TrailingHistory((int) readVarLong(in));
            int size = (int) readVarLong(in);
            for (int i = 0; i < size; i++) {
                long v = readVarLong(in);
                h.add(v >>> 1, (v & 1) != 0);
            }
            int pendingRun = (int) readVarLong(in);
            long pendingStart = in.readLong();
            boolean open = in.readBoolean();
            long episodeStart = in.readLong();
            long lastEnd = in.readLong();
            int anomalous = (int) readVarLong(in);
            int normalRun = (int) readVarLong(in);
            int sinceReport = (int) readVarLong(in);
            byte worst = in.readByte();
            double peak = in.readDouble();
            EpisodeState ep = new EpisodeState(pendingRun, pendingStart, open, episodeStart, lastEnd, anomalous,
                    normalRun, sinceReport, worst < 0 ? null : Severity.values()[worst], peak);
            byName.put(name, new DetectorTrack(h, ep));
        }
        if (in.available() != 0) {
            throw new IOException(in.available() + " bytes left over after the detector state");
        }
        return new CountryState(last, byName);
    }

    private static void writeVarLong(DataOutputStream out, long v) throws IOException {
        if (v < 0) {
            throw new IllegalArgumentException("negative value in detector state: " + v);
        }
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static long readVarLong(DataInputStream in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("varint longer than 64 bits");
    }
}
