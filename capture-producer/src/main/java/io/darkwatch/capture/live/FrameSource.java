package io.darkwatch.capture.live;

import io.darkwatch.capture.read.CaptureFrame;

/**
 * Where a live capture's frames come from: libpcap ({@link PcapLiveSource}) or, in tests, a
 * scripted source. Every method is called on the capture thread only (a libpcap handle must not be
 * shared between threads: pcap4j issue #64).
 */
interface FrameSource extends AutoCloseable {
    /**
     * The next frame, or {@code null} when none arrived within the read timeout (so the caller can
     * check whether it should stop).
     *
     * @throws LiveCaptureException when the capture cannot go on
     */
    CaptureFrame next();

    /**
     * A frame the kernel has already captured, without waiting; {@code null} when there is none.
     * Used after a stop request to drain what was captured before it.
     */
    CaptureFrame nextPending();

    /**
     * Makes a {@link #next()} that is blocked (now or next) return {@code null} soon. The one method
     * called from another thread: the thread that asks the capture to stop.
     */
    void wakeUp();

    /** libpcap's counters so far. */
    CaptureStatistics statistics();

    @Override
    void close();
}
