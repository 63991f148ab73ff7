package io.darkwatch.capture.read;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads pcap and pcapng files in plain Java, without libpcap; {@link CaptureFiles#open} uses it for
 * every file and falls back to {@link Pcap4jFileReader} for what it does not read.
 *
 * <p><b>Why a reader of our own:</b> measured on this project's 2-core machine on a 2,038,587-packet
 * pcap (140 MB), pcap4j's fastest file path ({@code getNextRawPacketEx}, no decoding) reads about
 * 270 k packets/s — JNA calls, a fresh native-to-Java copy and a {@code Timestamp} per packet — while
 * a plain Java reader with header decoding ran at about 45 M packets/s warm ({@code tcpdump -r FILE
 * -w /dev/null}: 6.8 M packets/s). Replaying a day of a telescope's capture is then bound by Kafka,
 * not by reading. {@code io.darkwatch.capture.bench.ReadBenchmark} measures both on any file.
 *
 * <p><b>How it reads:</b> sequentially through one 4 MiB direct buffer over a {@link FileChannel}
 * (so files beyond 2 GiB stream like any other; nothing is memory-mapped), decoding record headers in
 * place; the only allocation per frame is the frame's own {@code byte[]}. Gzip-compressed captures
 * (recognised by the gzip magic, whatever the file name) are read through a {@link GZIPInputStream}.
 *
 * <p><b>Rules, pcap</b> (24-byte file header, 16-byte record headers):
 * <ul>
 *   <li>Magic a1b2c3d4 (microsecond fractions) or a1b23c4d (nanosecond fractions), in either byte
 *       order; the byte order of the magic is the byte order of every header field. Version 2.x
 *       only; other versions and Kuznetzov's modified pcap (a1b2cd34) are left to libpcap
 *       ({@link UnsupportedCaptureException}). {@code thiszone} and {@code sigfigs} are ignored, as
 *       libpcap does.</li>
 *   <li>Link type: the low 16 bits of the link-type word; the upper bits hold the FCS length and
 *       reserved bits (tcpdump's tcp_header_heapoverflow.pcap has 0x30000001: Ethernet).</li>
 *   <li>Link types are reported as libpcap on Linux reports them (DLT values), so frames look the
 *       same from both readers: LINKTYPE_RAW 101 becomes DLT_RAW 12 (see {@code FrameParser.dltOf}).</li>
 *   <li>A record whose captured length exceeds the file's snapshot length, or 256 KiB (libpcap's
 *       maximum) when the snapshot length is 0 or larger, is damage: reading stops there and
 *       {@link #truncation()} says so. A record cut by the end of the file likewise: the frames
 *       before it are delivered.</li>
 *   <li>Seconds are unsigned 32-bit (valid to 2106: time_2106.pcap is 4291747200 s, not negative
 *       as libpcap's sign extension would make it). A fraction of one second or more (10^6 µs or
 *       10^9 ns; timestamp_invalid_nano.pcap) cannot be a valid time: the frame is counted in
 *       {@link #framesSkipped()}, not delivered — the outcome the pcap4j reader has for the same
 *       frames, so both readers agree.</li>
 * </ul>
 *
 * <p><b>Rules, pcapng</b> (blocks of type, total length, body, total length):
 * <ul>
 *   <li>Section Header Block: fixes the byte order (byte-order magic 1a2b3c4d) for its section;
 *       version 1.x; a new section forgets the previous section's interfaces. Several sections
 *       are read one after the other.</li>
 *   <li>Interface Description Block: link type, snapshot length, {@code if_tsresol} (10^-n, or
 *       2^-n when the top bit is set; default 10^-6) and {@code if_tsoffset} (seconds added).</li>
 *   <li>Enhanced Packet Block and the obsolete Packet Block: interface id, 64-bit timestamp in that
 *       interface's units, captured and wire length, data. Simple Packet Block: interface 0, captured
 *       length = min(wire length, block room, interface 0's snapshot length), timestamp 0 (it has
 *       none; libpcap gives 0 too).</li>
 *   <li>Every other block (name resolution, statistics, custom, …) is skipped by its length. A
 *       length below 12, not a multiple of 4, above 16 MiB, or not repeated at the block's end is
 *       damage; so is a packet naming an interface the section has not described, or claiming more
 *       captured bytes than its block holds or than 256 KiB. An interface's snapshot length is not
 *       enforced on enhanced packets (tshark does not either).</li>
 *   <li>A timestamp that does not fit a long of nanoseconds (after 2262, or a 2^-n resolution beyond
 *       2^-63) is counted in {@link #framesSkipped()}.</li>
 *   <li>Each frame carries its own interface's link type. This is where the Java reader reads more
 *       than libpcap: libpcap 1.10 refuses a file whose interfaces differ in link type or snapshot
 *       length (zeek's ldap/gap-data-missing.pcapng: 126 interfaces, 0 frames through libpcap), while
 *       this reader delivers its 18 frames as tshark does, and the decoder reports frames of link
 *       types it does not read as such.</li>
 * </ul>
 *
 * <p>Frames own their {@code byte[]} (exactly the captured bytes): callers may keep them, as the
 * corpus tests do. Reusing one buffer across frames would save that allocation, but makes every
 * frame valid only until the next {@link #next()}; at the rates measured the allocation is not what
 * limits a replay (decoding and GeoIP are), so it was not done.
 *
 * <p>Progress: {@link #bytesConsumed()} is exact (bytes of the file parsed; for gzip, compressed
 * bytes read so far) and equals the file size at the end.
 */
public final class JavaPcapReader implements CaptureReader {
    private final Path file;
    private final long sizeBytes;
    private final FileChannel channel;
    /** The channel the parser reads: {@link #channel} itself, or its gzip decompression. */
    private final ReadableByteChannel source;
    private final boolean gzip;
    private final InputBuffer in;
    private final FrameParser parser;

    private long framesRead;
    private boolean ended;
    private String truncation;

    private JavaPcapReader(Path file, long sizeBytes, FileChannel channel, ReadableByteChannel source, boolean gzip,
            InputBuffer in, FrameParser parser) {
        this.file = file;
        this.sizeBytes = sizeBytes;
        this.channel = channel;
        this.source = source;
        this.gzip = gzip;
        this.in = in;
        this.parser = parser;
    }

    /**
     * Opens a pcap, pcapng or gzip-compressed pcap/pcapng file.
     *
     * @throws UnsupportedCaptureException for a capture format libpcap may read but this reader does not
     * @throws CaptureFileException when the file is missing, unreadable, or not a capture (one-line message)
     */
    public static JavaPcapReader open(Path file) {
        long size = CaptureFiles.requireReadableFile(file);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new CaptureFileException(file, "cannot read: " + e.getMessage(), e);
        }
        try {
            ReadableByteChannel source = channel;
            // a small file gets a small buffer: opening many small captures should not cost 4 MiB each
            InputBuffer in = new InputBuffer(channel, (int) Math.max(64 << 10, Math.min(size, 4 << 20)));
            in.request(4);
            boolean gzip = in.available() >= 2 && in.u8(0) == 0x1f && in.u8(1) == 0x8b;
            if (gzip) {
                channel.position(0);
                source = new StreamChannel(new GZIPInputStream(Channels.newInputStream(channel), 1 << 16));
                in = new InputBuffer(source);
                in.request(4);
            }
            FrameParser parser = parserFor(file, in, gzip);
            return new JavaPcapReader(file, size, channel, source, gzip, in, parser);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new CaptureFileException(file, "cannot read: " + oneLine(e), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static FrameParser parserFor(Path file, InputBuffer in, boolean gzip) throws IOException {
        String inside = gzip ? " (after gzip decompression)" : "";
        int n = in.available();
        if (n == 0) {
            throw new CaptureFileException(file, "not a pcap or pcapng file: the file is empty" + inside);
        }
        if (n < 4) {
            throw new CaptureFileException(file, "not a pcap or pcapng file: only " + n + " bytes long" + inside);
        }
        in.order(java.nio.ByteOrder.BIG_ENDIAN);
        int bigEndian = in.i32(0);
        try {
            if (bigEndian == PcapngBlockParser.SECTION_HEADER) {
                return PcapngBlockParser.open(file, in);
            }
            if (PcapRecordParser.isMagic(Integer.reverseBytes(bigEndian))) {
                return PcapRecordParser.open(file, in);
            }
            if (bigEndian == 0xa1b2cd34 || Integer.reverseBytes(bigEndian) == 0xa1b2cd34) {
                throw new UnsupportedCaptureException(file, "modified (Kuznetzov) pcap is not read by the Java reader");
            }
        } catch (UnsupportedCaptureException e) {
            if (gzip) {
                // libpcap cannot read a gzip file, so there is nothing to fall back to
                throw new CaptureFileException(file, e.getMessage().substring(file.toString().length() + 2)
                        + "; decompress the file to let libpcap try");
            }
            throw e;
        }
        throw new CaptureFileException(file, String.format("not a pcap or pcapng file: bad magic number 0x%08x%s",
                bigEndian, inside));
    }

    public Path file() {
        return file;
    }

    /** Whether the file is gzip-compressed. */
    public boolean compressed() {
        return gzip;
    }

    @Override
    public CaptureFrame next() {
        if (ended) {
            return null;
        }
        try {
            CaptureFrame frame = parser.next();
            if (frame == null) {
                end(null);
                return null;
            }
            framesRead++;
            return frame;
        } catch (CorruptCaptureException e) {
            end(e.getMessage());
        } catch (EOFException | ZipException e) {
            end("gzip: " + oneLine(e));
        } catch (IOException e) {
            end("read error: " + oneLine(e));
        }
        return null;
    }

    private void end(String reason) {
        ended = true;
        truncation = reason == null ? null : "file ended early after " + framesRead + " frames: " + reason;
        closeQuietly(source);
        closeQuietly(channel);
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
        return parser.framesSkipped();
    }

    @Override
    public OptionalLong sizeBytes() {
        return OptionalLong.of(sizeBytes);
    }

    @Override
    public long bytesConsumed() {
        if (ended) {
            return sizeBytes;
        }
        if (!gzip) {
            return Math.min(in.position(), sizeBytes);
        }
        try {
            return Math.min(channel.position(), sizeBytes);
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        ended = true;
        closeQuietly(source);
        closeQuietly(channel);
    }

    /**
     * An InputStream as a channel that makes one {@code read} per call: {@code Channels.newChannel}
     * keeps reading until its buffer is full, so a cut gzip stream would throw away the frames
     * decompressed in the same call before the cut.
     */
    private static final class StreamChannel implements ReadableByteChannel {
        private final InputStream stream;
        private final byte[] chunk = new byte[1 << 16];
        private boolean open = true;

        StreamChannel(InputStream stream) {
            this.stream = stream;
        }

        @Override
        public int read(java.nio.ByteBuffer dst) throws IOException {
            int n = stream.read(chunk, 0, Math.min(chunk.length, dst.remaining()));
            if (n > 0) {
                dst.put(chunk, 0, n);
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() throws IOException {
            open = false;
            stream.close();
        }
    }

    private static void closeQuietly(ReadableByteChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing a file we only read: nothing to lose
        }
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return m.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
