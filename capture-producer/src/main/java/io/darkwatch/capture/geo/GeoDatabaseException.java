package io.darkwatch.capture.geo;

/**
 * A GeoIP database cannot be used: missing, corrupt, or of the wrong kind. The message is one
 * line naming the file and the problem.
 */
public final class GeoDatabaseException extends RuntimeException {
    public GeoDatabaseException(String source, String problem) {
        super(source + ": " + problem);
    }

    public GeoDatabaseException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
    }
}
