package io.darkwatch.capture.read;

import java.io.EOFException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a pcap or pcapng file through pcap4j and the system's libpcap, with nanosecond timestamps
 * (nanosecond files keep all nine digits, microsecond files get 000 appended).
 *
 * <p>Uses {@code getNextRawPacketEx()}, the fast path: no per-layer decoding (see PacketDecoder).
 * The timestamp and wire length are read back from the handle after each packet, which pcap4j keeps
 * per thread: a reader must be used from one thread only.
 *
 * <p>Progress: {@link #bytesConsumed()} is exact for pcap files (file header plus record headers
 * plus captured bytes) and a lower-bound estimate for pcapng (block options and section/interface
 * blocks are not visible through libpcap); it jumps to the file size at the end.
 *
 * <p>Frames pcap4j cannot hand over are counted in {@link #framesSkipped()}: pcap4j builds a
 * {@code java.sql.Timestamp} and fails on a fraction field of 10^9 or more (a damaged nanosecond
 * file), after libpcap has already consumed the record.
 *
 * <p>{@link CaptureFiles#open} prefers {@link JavaPcapReader} (about a hundred times faster) and
 * uses this reader for the formats only libpcap reads.
 *
 * <p>Known limit, from libpcap: pcapng files whose interfaces differ in link type or snapshot
 * length are refused at the first packet; that shows as {@link #truncation()} after 0 frames.
 */
public final class Pcap4jFileReader implements CaptureReader {
    private static final Logger LOG = LoggerFactory.getLogger(Pcap4jFileReader.class);
    private static final String PCAP4J_READ_ERROR_PREFIX = "Error occurred in pcap_next_ex(): ";

    private final Path file;
    private final CaptureFileFormat format;
    private final long sizeBytes;
    private final PcapHandle handle;
    private final int linkType;

    private long framesRead;
    private long framesSkipped;
    private long bytesConsumed;
    private boolean ended;
    private String truncation;

    private Pcap4jFileReader(Path file, CaptureFileFormat format, long sizeBytes, PcapHandle handle) {
        this.file = file;
        this.format = format;
        this.sizeBytes = sizeBytes;
        this.handle = handle;
        this.linkType = handle.getDlt().value();
        this.bytesConsumed = format.fileHeaderBytes();
    }

    /**
     * Opens a capture file.
     *
     * @throws CaptureFileException when the file is missing, unreadable, or not a capture libpcap can read
     */
    public static Pcap4jFileReader open(Path file) {
        // The same checks and messages as the Java reader; pipes are refused because the magic-number
        // check reads the first bytes, which a pipe would then no longer have for libpcap.
        long size = CaptureFiles.requireReadableFile(file);
        CaptureFileFormat format = CaptureFileFormat.detect(file);
        PcapHandle handle;
        try {
            handle = Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.NANO);
        } catch (PcapNativeException e) {
            throw new CaptureFileException(file, "libpcap cannot read it: " + oneLine(e.getMessage()), e);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new IllegalStateException("libpcap is not available (install libpcap, e.g. the libpcap0.8 package): "
                    + oneLine(e.getMessage()), e);
        }
        return new Pcap4jFileReader(file, format, size, handle);
    }

    public Path file() {
        return file;
    }

    /** The file's link-layer type (DLT) as libpcap reports it. */
    public int linkType() {
        return linkType;
    }

    @Override
    public CaptureFrame next() {
        while (!ended) {
            byte[] data;
            try {
                data = handle.getNextRawPacketEx();
            } catch (EOFException e) {
                end(null);
                return null;
            } catch (PcapNativeException e) {
                String reason = oneLine(e.getMessage());
                if (reason.startsWith(PCAP4J_READ_ERROR_PREFIX)) {
                    reason = reason.substring(PCAP4J_READ_ERROR_PREFIX.length());
                }
                end("file ended early after " + framesRead + " frames: " + reason);
                return null;
            } catch (IllegalArgumentException e) {
                // pcap4j's Timestamp.setNanos rejects a fraction >= 10^9; the record is already consumed.
                framesSkipped++;
                if (framesSkipped == 1) {
                    LOG.warn("{}: skipping frame {} (and counting any more): pcap4j cannot represent its timestamp ({})",
                            file, framesRead + framesSkipped, e.getMessage());
                }
                continue;
            } catch (TimeoutException e) {
                // pcap_next_ex returns "timeout" only for live captures; a file never does. Try again.
                continue;
            } catch (NotOpenException e) {
                end("the reader was closed");
                return null;
            }
            Timestamp ts = handle.getTimestamp();
            long seconds = Math.floorDiv(ts.getTime(), 1000L);
            if (seconds < 0 && format.hasUnsignedSeconds32()) {
                seconds += 1L << 32;
            }
            if (seconds > Long.MAX_VALUE / 1_000_000_000L - 1 || seconds < Long.MIN_VALUE / 1_000_000_000L + 1) {
                framesSkipped++;
                continue;
            }
            long nanos = seconds * 1_000_000_000L + ts.getNanos();
            Integer wire = handle.getOriginalLength();
            framesRead++;
            bytesConsumed += format.recordBytes(data.length);
            return CaptureFrame.of(nanos, linkType, data, wire == null ? data.length : wire);
        }
        return null;
    }

    private void end(String reason) {
        ended = true;
        truncation = reason;
        bytesConsumed = sizeBytes;
    }

    @Override
    public Optional<String> truncation() {
        return Optional.ofNullable(truncation);
    }

    @Override
    public long framesRead() {
        return framesRead;
    }

    @Override
    public long framesSkipped() {
        return framesSkipped;
    }

    @Override
    public OptionalLong sizeBytes() {
        return OptionalLong.of(sizeBytes);
    }

    @Override
    public long bytesConsumed() {
        return Math.min(bytesConsumed, sizeBytes);
    }

    @Override
    public void close() {
        ended = true;
        if (handle.isOpen()) {
            handle.close();
        }
    }

    private static String oneLine(String message) {
        if (message == null || message.isBlank()) {
            return "unknown error";
        }
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
