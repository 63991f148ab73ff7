package io.darkwatch.capture.listing;

import io.darkwatch.capture.decode.DecodeResult;
import io.darkwatch.capture.decode.PacketDecoder;
import io.darkwatch.capture.geo.Enricher;
import io.darkwatch.capture.read.CaptureFrame;
import io.darkwatch.capture.read.CaptureReader;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * Writes every frame of a capture as one line: decoded and enriched packets with their fields,
 * undecodable ones with their reason. What {@code decode} prints by default.
 */
public final class PacketListing {
    private final PacketDecoder decoder;
    private final Enricher enricher;
    private final PacketLineFormat format;

    public PacketListing(PacketDecoder decoder, Enricher enricher, PacketLineFormat format) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.enricher = Objects.requireNonNull(enricher, "enricher");
        this.format = Objects.requireNonNull(format, "format");
    }

    /** Lists every frame the reader gives; returns the number of lines written (header excluded). */
    public long write(CaptureReader reader, PrintWriter out) {
        String header = format.header();
        if (header != null) {
            out.println(header);
        }
        long lines = 0;
        CaptureFrame frame;
        while ((frame = reader.next()) != null) {
            DecodeResult result = decoder.decode(frame);
            if (result instanceof DecodeResult.Decoded d) {
                out.println(format.decoded(enricher.enrich(d.summary()), d.quoted()));
            } else if (result instanceof DecodeResult.Undecodable u) {
                out.println(format.undecodable(frame.timestampNanos(), frame.wireLength(), u));
            }
            lines++;
        }
        out.flush();
        return lines;
    }
}
