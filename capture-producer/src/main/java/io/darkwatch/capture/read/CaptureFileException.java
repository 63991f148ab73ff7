package io.darkwatch.capture.read;

import java.nio.file.Path;

/**
 * A capture file cannot be opened: missing, unreadable, or not a capture. The message is one line
 * naming the file and the problem, fit to show a user as it is.
 */
public class CaptureFileException extends RuntimeException {
    private final Path file;

    public CaptureFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public CaptureFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
