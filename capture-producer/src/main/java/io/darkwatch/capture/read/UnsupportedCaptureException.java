package io.darkwatch.capture.read;

import java.nio.file.Path;

/**
 * A capture file the Java reader does not read but libpcap may (an old pcap version, Kuznetzov's
 * modified pcap, a pcapng major version other than 1): {@link CaptureFiles#open} then hands the file
 * to {@link Pcap4jFileReader}, so the user sees libpcap's verdict.
 */
public final class UnsupportedCaptureException extends CaptureFileException {
    public UnsupportedCaptureException(Path file, String problem) {
        super(file, problem);
    }
}
