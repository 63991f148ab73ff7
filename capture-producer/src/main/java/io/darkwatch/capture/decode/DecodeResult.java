package io.darkwatch.capture.decode;

import io.darkwatch.common.packet.PacketSummary;
import java.util.Objects;
import java.util.Optional;

/** What the decoder made of one frame: a summary, or the reason there is none. */
public sealed interface DecodeResult permits DecodeResult.Decoded, DecodeResult.Undecodable {

    /**
     * A frame decoded into a summary (country and ASN not yet filled in).
     *
     * @param summary the packet summary, spoofing hints included
     * @param quoted  for an ICMP/ICMPv6 error, the header it quotes (when captured); empty otherwise.
     *                Carried beside the summary because {@code PacketSummary} has no fields for it yet.
     */
    record Decoded(PacketSummary summary, Optional<QuotedHeader> quoted) implements DecodeResult {
        public Decoded {
            Objects.requireNonNull(summary, "summary");
            Objects.requireNonNull(quoted, "quoted");
        }

        /** A summary without a quoted header. */
        public Decoded(PacketSummary summary) {
            this(summary, Optional.empty());
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
