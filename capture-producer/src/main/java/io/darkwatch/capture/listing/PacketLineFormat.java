package io.darkwatch.capture.listing;

import io.darkwatch.capture.decode.DecodeResult;
import io.darkwatch.capture.decode.QuotedHeader;
import io.darkwatch.common.packet.PacketSummary;
import java.util.Locale;
import java.util.Optional;

/**
 * One line per packet, for {@code decode}: tab-separated values or JSON Lines.
 *
 * <p>TSV columns, in this order (a header row names them): {@code time_epoch} (seconds since the
 * epoch with nine decimals, as tshark's {@code frame.time_epoch}), {@code src}, {@code dst},
 * {@code protocol} (IP protocol number), {@code src_port}, {@code dst_port} (0 without ports),
 * {@code tcp_flags} (the nine flag bits in hex, {@code 0x012} for SYN+ACK; 0x000 for other
 * protocols), {@code length} (bytes on the wire), {@code country} (ISO code, ZZ unknown),
 * {@code undecodable} (empty, or the reason tag and detail; the address columns are then empty).
 *
 * <p>JSON: one object per line with the same names; {@code time_epoch} is a string, so that the
 * nanoseconds survive parsers that read numbers as doubles; an undecodable packet has only
 * {@code time_epoch}, {@code length}, {@code undecodable} (the reason tag) and {@code detail}. An
 * ICMP or ICMPv6 error also has {@code quoted}: the header of the packet it reports,
 * {@code {src, dst, protocol, src_port, dst_port}} (for backscatter: the spoofed packet, whose
 * {@code dst} and {@code dst_port} are the victim's address and attacked port). TSV leaves it out, so
 * that its columns stay those of tshark's fields.
 */
public enum PacketLineFormat {
    TSV {
        @Override
        public String header() {
            return "time_epoch\tsrc\tdst\tprotocol\tsrc_port\tdst_port\ttcp_flags\tlength\tcountry\tundecodable";
        }

        @Override
        public String decoded(PacketSummary s, Optional<QuotedHeader> quoted) {
            return epoch(s.timestampNanos()) + '\t' + s.src() + '\t' + s.dst() + '\t' + s.protocol() + '\t'
                    + s.srcPort() + '\t' + s.dstPort() + '\t' + flags(s.tcpFlags()) + '\t' + s.length() + '\t'
                    + s.country() + '\t';
        }

        @Override
        public String undecodable(long timestampNanos, int length, DecodeResult.Undecodable u) {
            return epoch(timestampNanos) + "\t\t\t\t\t\t\t" + length + "\t\t" + u.reason().tag() + ": "
                    + u.detail().replace('\t', ' ');
        }
    },
    JSON {
        @Override
        public String header() {
            return null;
        }

        @Override
        public String decoded(PacketSummary s, Optional<QuotedHeader> quoted) {
            return "{\"time_epoch\":\"" + epoch(s.timestampNanos()) + "\",\"src\":\"" + s.src() + "\",\"dst\":\""
                    + s.dst() + "\",\"protocol\":" + s.protocol() + ",\"src_port\":" + s.srcPort() + ",\"dst_port\":"
                    + s.dstPort() + ",\"tcp_flags\":\"" + flags(s.tcpFlags()) + "\",\"length\":" + s.length()
                    + ",\"country\":\"" + s.country() + "\"" + quoted.map(q -> ",\"quoted\":{\"src\":\"" + q.src()
                    + "\",\"dst\":\"" + q.dst() + "\",\"protocol\":" + q.protocol() + ",\"src_port\":" + q.srcPort()
                    + ",\"dst_port\":" + q.dstPort() + "}").orElse("") + "}";
        }

        @Override
        public String undecodable(long timestampNanos, int length, DecodeResult.Undecodable u) {
            return "{\"time_epoch\":\"" + epoch(timestampNanos) + "\",\"length\":" + length + ",\"undecodable\":\""
                    + u.reason().tag() + "\",\"detail\":\"" + escape(u.detail()) + "\"}";
        }
    };

    /** The header row, or null when the format has none. */
    public abstract String header();

    /** @param quoted the header an ICMP error quotes, when it has one */
    public abstract String decoded(PacketSummary summary, Optional<QuotedHeader> quoted);

    public abstract String undecodable(long timestampNanos, int length, DecodeResult.Undecodable undecodable);

    /** Seconds with nine decimals; times before 1970 keep a positive fraction after a negative second. */
    static String epoch(long nanos) {
        long seconds = Math.floorDiv(nanos, 1_000_000_000L);
        long fraction = Math.floorMod(nanos, 1_000_000_000L);
        return String.format(Locale.ROOT, "%d.%09d", seconds, fraction);
    }

    static String flags(int flags) {
        return String.format(Locale.ROOT, "0x%03x", flags);
    }

    private static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
