package io.darkwatch.capture.read;

/**
 * Thrown by the Java parsers when the capture cannot be read further (a cut or damaged record);
 * {@link JavaPcapReader} turns it into {@link CaptureReader#truncation()}. Never leaves the package.
 */
final class CorruptCaptureException extends Exception {
    CorruptCaptureException(String reason) {
        super(reason, null, false, false);
    }
}
