package io.darkwatch.alerting.sink;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Appends each event as one line of JSON (exactly what the anomalies topic carries, through
 * {@link Json#mapper()}), flushed per event so that {@code tail -f} and a crash both see every
 * delivered alert. Opening appends to an existing file: restarts never truncate history.
 */
public final class JsonLinesFileSink implements AlertSink {
    private final String target;
    private final Writer writer;
    private final boolean ownsWriter;

    /**
     * @throws UncheckedIOException when the file (or its missing parent folders) cannot be created
     *                              or opened for appending; start-up should fail then
     */
    public JsonLinesFileSink(Path path) {
        Objects.requireNonNull(path, "path");
        this.target = path.toString();
        this.ownsWriter = true;
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open alert file " + path + " for appending: "
                    + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        }
    }

    private JsonLinesFileSink(Writer writer, String target) {
        this.writer = writer;
        this.target = target;
        this.ownsWriter = false;
    }

    /** Events on standard output, one JSON object a line (for {@code darkwatch analyze} without {@code --out}). */
    public static JsonLinesFileSink stdout() {
        return new JsonLinesFileSink(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), "stdout");
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public synchronized void deliver(Anomaly anomaly) throws AlertDeliveryException {
        try {
            // The mapper writes no raw newlines (they are escaped inside strings), so one event is one line.
            writer.write(Json.mapper().writeValueAsString(anomaly));
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw new AlertDeliveryException("io_error", false,
                    "cannot append alert " + anomaly.id() + " to " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (ownsWriter) {
                writer.close();
            } else {
                writer.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close alert file " + target, e);
        }
    }
}
