package io.darkwatch.capture.live;

import java.util.Objects;

/** A live capture could not be opened or failed while running; the message is one line for a user. */
public final class LiveCaptureException extends RuntimeException {
    /** What went wrong, so callers (and tests) can tell a missing interface from a missing privilege. */
    public enum Kind {
        /** libpcap knows no interface of that name. */
        NO_SUCH_DEVICE,
        /** The process may not capture: it lacks CAP_NET_RAW (the only capability capturing needs on Linux). */
        PERMISSION_DENIED,
        /** libpcap could not compile the BPF filter. */
        BAD_FILTER,
        /** Anything else libpcap reported (interface down, buffer too large, read error, …). */
        CAPTURE_FAILED
    }

    private final Kind kind;

    public LiveCaptureException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
