package io.darkwatch.capture.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens capture files with the right reader: {@link JavaPcapReader} (fast, pure Java, reads pcap,
 * pcapng and their gzip-compressed forms), and {@link Pcap4jFileReader} (libpcap) for the formats
 * the Java reader leaves alone (old pcap versions, modified pcap), so such a file gets libpcap's
 * own verdict.
 */
public final class CaptureFiles {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureFiles.class);

    private CaptureFiles() {
    }

    /**
     * Opens a capture file for reading.
     *
     * @throws CaptureFileException when the file is missing, unreadable, or not a capture either reader can read
     */
    public static CaptureReader open(Path file) {
        try {
            return JavaPcapReader.open(file);
        } catch (UnsupportedCaptureException e) {
            LOG.info("{}; reading it through libpcap", e.getMessage());
            return Pcap4jFileReader.open(file);
        }
    }

    /**
     * Checks that {@code file} is a readable regular file and returns its size.
     *
     * @throws CaptureFileException with a one-line reason otherwise
     */
    static long requireReadableFile(Path file) {
        if (!Files.exists(file)) {
            throw new CaptureFileException(file, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new CaptureFileException(file, "is a directory, not a capture file");
        }
        if (!Files.isRegularFile(file)) {
            throw new CaptureFileException(file, "not a regular file (pipes and devices are not supported)");
        }
        if (!Files.isReadable(file)) {
            throw new CaptureFileException(file, "cannot read: permission denied");
        }
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new CaptureFileException(file, "cannot read: " + e.getMessage(), e);
        }
    }
}
