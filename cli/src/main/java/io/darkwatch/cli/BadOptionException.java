package io.darkwatch.cli;

/** An option value that parses but cannot be used (a negative timeout, say): the user's input, exit code 2. */
public final class BadOptionException extends IllegalArgumentException {
    public BadOptionException(String message) {
        super(message);
    }
}
