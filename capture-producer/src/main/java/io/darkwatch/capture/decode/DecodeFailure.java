package io.darkwatch.capture.decode;

import java.util.Locale;

/** Why a frame could not be turned into a packet summary. New reasons are added at the end. */
public enum DecodeFailure {
    /** A link-layer frame that carries something other than IPv4/IPv6 (ARP, STP, LLC, …). */
    NOT_IP,
    /** The capture's link type is not one the decoder reads. */
    UNSUPPORTED_LINK_TYPE,
    /** The frame ends inside its link-layer header (or a VLAN tag). */
    TRUNCATED_LINK_HEADER,
    /** The frame ends inside the IP header or an IPv6 extension header. */
    TRUNCATED_IP_HEADER,
    /** The version nibble does not match what the link layer announced (or is neither 4 nor 6). */
    BAD_IP_VERSION,
    /** IPv4 IHL below 5 (a header shorter than 20 bytes). */
    BAD_IP_HEADER_LENGTH,
    /** TCP/UDP/SCTP/DCCP without both ports, or ICMP without type and code. */
    TRUNCATED_TRANSPORT_HEADER,
    /** The decoder itself failed on this input: a bug, reported instead of thrown. */
    DECODER_ERROR;

    /** Lowercase form used as a metric tag value, e.g. {@code not_ip}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
