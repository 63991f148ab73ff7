package io.darkwatch.capture.live;

/**
 * libpcap's counters for a live capture ({@code pcap_stats}), since the capture started. What they
 * mean depends on the platform (see pcap_stats(3PCAP)); on Linux:
 *
 * @param received           packets that passed the filter (including those later dropped)
 * @param droppedByKernel    packets the kernel dropped because the capture buffer was full
 *                           (raise {@code --buffer-size}, or the reader is too slow)
 * @param droppedByInterface packets the network interface or its driver dropped
 */
public record CaptureStatistics(long received, long droppedByKernel, long droppedByInterface) {
    public static final CaptureStatistics NONE = new CaptureStatistics(0, 0, 0);
}
