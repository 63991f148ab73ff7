package io.darkwatch.simulator.pcap;

/** The two classic pcap timestamp resolutions, told apart by the file's magic number. */
public enum TimestampPrecision {
    /** Magic a1b2c3d4: the second field is microseconds; every tool reads it. */
    MICROS(0xa1b2c3d4, 1_000, "micro"),
    /** Magic a1b23c4d: nanoseconds; libpcap ≥ 1.5 reads it. */
    NANOS(0xa1b23c4d, 1, "nano");

    private final int magic;
    private final long nanosPerUnit;
    private final String jsonName;

    TimestampPrecision(int magic, long nanosPerUnit, String jsonName) {
        this.magic = magic;
        this.nanosPerUnit = nanosPerUnit;
        this.jsonName = jsonName;
    }

    public int magic() {
        return magic;
    }

    /** The fraction-of-second field for a timestamp's nanoseconds within its second. */
    public int fraction(int nanosOfSecond) {
        return (int) (nanosOfSecond / nanosPerUnit);
    }

    /** The value used in scenario files: "micro" or "nano". */
    public String jsonName() {
        return jsonName;
    }

    /** @return the precision called {@code name} in scenario files, or null */
    public static TimestampPrecision fromName(String name) {
        for (TimestampPrecision p : values()) {
            if (p.jsonName.equals(name)) {
                return p;
            }
        }
        return null;
    }
}
