package io.darkwatch.streams.query;

/** A query the API cannot answer as asked: answered with 400 and this message. */
public final class BadQueryException extends RuntimeException {
    public BadQueryException(String message) {
        super(message);
    }
}
