package io.darkwatch.capture.decode;

import io.darkwatch.common.packet.PacketSummary;
import java.util.Objects;

/** What the decoder made of one frame: a summary, or the reason there is none. */
public sealed interface DecodeResult permits DecodeResult.Decoded, DecodeResult.Undecodable {

    /** A frame decoded into a summary (country and ASN not yet filled in). */
    record Decoded(PacketSummary summary) implements DecodeResult {
        public Decoded {
            Objects.requireNonNull(summary, "summary");
        }
    }

    /**
     * A frame that could not be decoded.
     *
     * @param reason the kind of problem, for counting
     * @param detail one line for a human, e.g. "ethertype 0x0806"
     */
    record Undecodable(DecodeFailure reason, String detail) implements DecodeResult {
        public Undecodable {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
