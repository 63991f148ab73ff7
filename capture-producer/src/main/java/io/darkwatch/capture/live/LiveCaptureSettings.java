package io.darkwatch.capture.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How to capture from a network interface.
 *
 * @param interfaceName   the interface, e.g. {@code eth0} or {@code lo}
 * @param filter          a BPF filter expression (pcap-filter(7)), empty for none
 * @param snaplen         bytes kept of each frame; darkwatch needs only the headers, but a short
 *                        snaplen also cuts ICMP quotes and tunnel headers (default 262144, tcpdump's)
 * @param bufferSizeBytes the kernel capture buffer; bursts beyond it are dropped by the kernel
 * @param promiscuous     whether to put the interface into promiscuous mode (a telescope's feed
 *                        usually arrives on a mirror port addressed to other MACs, so yes there)
 * @param queueCapacity   frames the capture thread may hand to the publisher thread before it drops
 * @param readTimeout     how long one read waits before the capture thread looks whether to stop
 */
public record LiveCaptureSettings(String interfaceName, String filter, int snaplen, int bufferSizeBytes,
        boolean promiscuous, int queueCapacity, Duration readTimeout) {

    public static final int DEFAULT_SNAPLEN = 262_144;
    public static final int DEFAULT_BUFFER_SIZE = 32 * 1024 * 1024;
    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMillis(100);

    /** Checks every field and reports all problems at once. */
    public LiveCaptureSettings {
        List<String> problems = new ArrayList<>();
        if (interfaceName == null || interfaceName.isBlank()) {
            problems.add("interface is missing");
        }
        filter = filter == null ? "" : filter.strip();
        if (snaplen < 68 || snaplen > 262_144) {
            problems.add("snaplen must be 68..262144 bytes (68 keeps IPv6 + TCP headers), not " + snaplen);
        }
        if (bufferSizeBytes < 65_536) {
            problems.add("buffer size must be at least 64 KiB, not " + bufferSizeBytes + " bytes");
        }
        if (queueCapacity < 1) {
            problems.add("queue size must be positive, not " + queueCapacity);
        }
        if (readTimeout == null || readTimeout.toMillis() < 1 || readTimeout.toMillis() > 10_000) {
            problems.add("read timeout must be 1 ms..10 s, not " + readTimeout);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid capture settings: " + String.join("; ", problems));
        }
    }

    public static LiveCaptureSettings of(String interfaceName, String filter) {
        return new LiveCaptureSettings(interfaceName, filter, DEFAULT_SNAPLEN, DEFAULT_BUFFER_SIZE, false,
                DEFAULT_QUEUE_CAPACITY, DEFAULT_READ_TIMEOUT);
    }
}
