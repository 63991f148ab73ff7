package io.darkwatch.simulator.geo;

/** The geo database could not be read. */
public final class GeoDatabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GeoDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
