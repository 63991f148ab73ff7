package io.darkwatch.streams.query;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A count of a country's windows that source countries can be ranked by. */
public enum Signal {
    PACKETS("packets"),
    BACKSCATTER("backscatter"),
    SYN_ACK("syn-ack"),
    SCAN("scan");

    private final String parameter;

    Signal(String parameter) {
        this.parameter = parameter;
    }

    /** The name in a query ({@code signal=syn-ack}). */
    public String parameter() {
        return parameter;
    }

    long of(PeriodCounts c) {
        return switch (this) {
            case PACKETS -> c.packets();
            case BACKSCATTER -> c.backscatter();
            case SYN_ACK -> c.synAck();
            case SCAN -> c.scan();
        };
    }

    /** @throws BadQueryException naming the accepted values */
    static Signal parse(String text) {
        for (Signal s : values()) {
            if (s.parameter.equals(text.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new BadQueryException("signal '" + text + "' is not one of "
                + Arrays.stream(values()).map(Signal::parameter).collect(Collectors.joining(", ")));
    }
}
