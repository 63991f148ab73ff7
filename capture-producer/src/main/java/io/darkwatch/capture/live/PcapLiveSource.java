package io.darkwatch.capture.live;

import io.darkwatch.capture.read.CaptureFrame;
import java.io.EOFException;
import java.sql.Timestamp;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.PcapStat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames from a network interface through pcap4j and libpcap.
 *
 * <p>Opened in immediate mode (a frame is delivered as soon as it arrives instead of when the
 * kernel buffer block fills, so a quiet darknet link does not hold packets back) with nanosecond
 * timestamps where libpcap offers them (microseconds, with 000 appended, otherwise). In immediate
 * mode Linux libpcap waits for packets without a timeout, so a read on a quiet interface could
 * block for ever: {@link #wakeUp()} calls {@code pcap_breakloop}, which libpcap made safe to call
 * from another thread and which wakes a blocked {@code pcap_next_ex} (libpcap ≥ 1.10 on Linux,
 * through an eventfd); the read timeout still bounds reads where libpcap honours it. The fast path
 * is {@code getNextRawPacketEx} (pcap_next_ex), which copies the frame into a new array: that copy
 * is all the capture thread does (field notes: heavy work in the capture loop loses packets).
 *
 * <p>Must be used from one thread (open, read, statistics and close on the capture thread), apart
 * from {@link #wakeUp()}.
 */
final class PcapLiveSource implements FrameSource {
    private static final Logger LOG = LoggerFactory.getLogger(PcapLiveSource.class);

    private final PcapHandle handle;
    private final int linkType;
    private final String interfaceName;
    private volatile boolean wokenUp;
    private boolean nonBlocking;
    private boolean lastReadBroken;

    private PcapLiveSource(PcapHandle handle, String interfaceName) {
        this.handle = handle;
        this.interfaceName = interfaceName;
        this.linkType = handle.getDlt().value();
    }

    /**
     * Opens the interface and installs the filter.
     *
     * @throws LiveCaptureException with {@link LiveCaptureException.Kind} saying what failed
     */
    static PcapLiveSource open(LiveCaptureSettings settings) {
        String name = settings.interfaceName();
        PcapHandle handle;
        try {
            handle = builder(settings).timestampPrecision(PcapHandle.TimestampPrecision.NANO).build();
        } catch (PcapNativeException nanoFailed) {
            if (!mentionsPrecision(nanoFailed)) {
                throw classify(name, nanoFailed);
            }
            LOG.info("{}: nanosecond timestamps not offered ({}); capturing with microseconds", name,
                    nanoFailed.getMessage());
            try {
                handle = builder(settings).build();
            } catch (PcapNativeException e) {
                throw classify(name, e);
            }
        }
        try {
            if (!settings.filter().isEmpty()) {
                handle.setFilter(settings.filter(), BpfProgram.BpfCompileMode.OPTIMIZE);
            }
            return new PcapLiveSource(handle, name);
        } catch (PcapNativeException e) {
            handle.close();
            throw new LiveCaptureException(LiveCaptureException.Kind.BAD_FILTER, "cannot use filter '"
                    + settings.filter() + "': " + oneLine(e.getMessage()), e);
        } catch (NotOpenException e) {
            throw new LiveCaptureException(LiveCaptureException.Kind.CAPTURE_FAILED, name + ": handle closed", e);
        }
    }

    private static PcapHandle.Builder builder(LiveCaptureSettings s) {
        return new PcapHandle.Builder(s.interfaceName())
                .snaplen(s.snaplen())
                .promiscuousMode(s.promiscuous() ? PromiscuousMode.PROMISCUOUS : PromiscuousMode.NONPROMISCUOUS)
                .timeoutMillis((int) s.readTimeout().toMillis())
                .bufferSize(s.bufferSizeBytes())
                .immediateMode(true);
    }

    private static boolean mentionsPrecision(PcapNativeException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("precision") || m.contains("tstamp");
    }

    /** libpcap's pcap_activate codes (pcap/pcap.h): the reliable way to tell failures apart where pcap4j passes them on. */
    private static final int PCAP_ERROR_NO_SUCH_DEVICE = -5;
    private static final int PCAP_ERROR_PERM_DENIED = -8;

    /**
     * What to do about a refused capture. On Linux, opening a packet socket is the only privileged
     * step: CAP_NET_RAW alone is enough, even with --promiscuous and a large buffer (NonRootCaptureIT
     * runs the command as uid 65534 holding only that capability), so the hint asks for no more.
     */
    static final String PERMISSION_HINT = "the process lacks CAP_NET_RAW, the one capability capturing needs "
            + "(no root needed): grant it with systemd AmbientCapabilities=CAP_NET_RAW, docker run --cap-add "
            + "NET_RAW, Kubernetes securityContext.capabilities.add: [NET_RAW], or sudo setcap cap_net_raw=eip "
            + "on the java binary";

    /**
     * Tells a missing device from a missing privilege: by libpcap's return code when pcap4j passes it
     * (pcap_activate), otherwise by libpcap's message (reads and filters give no code).
     */
    static LiveCaptureException classify(String interfaceName, Exception e) {
        String message = oneLine(e.getMessage());
        String m = message.toLowerCase(Locale.ROOT);
        Integer code = e instanceof PcapNativeException p ? p.getReturnCode() : null;
        LiveCaptureException.Kind kind;
        if (Integer.valueOf(PCAP_ERROR_NO_SUCH_DEVICE).equals(code) || m.contains("no such device")) {
            kind = LiveCaptureException.Kind.NO_SUCH_DEVICE;
        } else if (Integer.valueOf(PCAP_ERROR_PERM_DENIED).equals(code) || m.contains("permission")
                || m.contains("not permitted")) {
            kind = LiveCaptureException.Kind.PERMISSION_DENIED;
            message += "; " + PERMISSION_HINT;
        } else {
            kind = LiveCaptureException.Kind.CAPTURE_FAILED;
        }
        return new LiveCaptureException(kind, "cannot capture on " + interfaceName + ": " + message, e);
    }

    @Override
    public CaptureFrame next() {
        byte[] data;
        try {
            data = handle.getNextRawPacketEx();
        } catch (TimeoutException e) {
            return null;
        } catch (EOFException e) {
            // pcap_next_ex returns PCAP_ERROR_BREAK after pcap_breakloop: our own stop request.
            if (wokenUp) {
                lastReadBroken = true;
                return null;
            }
            throw new LiveCaptureException(LiveCaptureException.Kind.CAPTURE_FAILED, interfaceName
                    + ": capture ended", e);
        } catch (PcapNativeException | NotOpenException e) {
            throw classify(interfaceName, e);
        } catch (IllegalArgumentException e) {
            // pcap4j's Timestamp.setNanos rejects a fraction >= 10^9; cannot happen for a live clock.
            return null;
        }
        Timestamp ts = handle.getTimestamp();
        long nanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
        Integer wire = handle.getOriginalLength();
        return CaptureFrame.of(nanos, linkType, data, wire == null ? data.length : wire);
    }

    @Override
    public CaptureFrame nextPending() {
        if (!nonBlocking) {
            try {
                handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
                nonBlocking = true;
            } catch (PcapNativeException | NotOpenException e) {
                LOG.warn("{}: cannot switch to non-blocking reads to drain the capture: {}", interfaceName,
                        e.getMessage());
                return null;
            }
        }
        // A pcap_breakloop that arrived between reads is still pending and ends the first read: try once more.
        for (int attempt = 0; attempt < 2; attempt++) {
            lastReadBroken = false;
            CaptureFrame frame;
            try {
                frame = next();
            } catch (LiveCaptureException e) {
                LOG.debug("{}: drain ended: {}", interfaceName, e.getMessage());
                return null;
            }
            if (frame != null || !lastReadBroken) {
                return frame;
            }
        }
        return null;
    }

    @Override
    public void wakeUp() {
        wokenUp = true;
        try {
            handle.breakLoop();
        } catch (NotOpenException e) {
            // Already closed: the capture thread has finished.
        }
    }

    @Override
    public CaptureStatistics statistics() {
        try {
            PcapStat s = handle.getStats();
            return new CaptureStatistics(s.getNumPacketsReceived(), s.getNumPacketsDropped(),
                    s.getNumPacketsDroppedByIf());
        } catch (PcapNativeException | NotOpenException e) {
            LOG.debug("{}: no statistics: {}", interfaceName, e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        handle.close();
    }

    private static String oneLine(String s) {
        return s == null ? "unknown error" : s.replace('\n', ' ').strip();
    }
}
