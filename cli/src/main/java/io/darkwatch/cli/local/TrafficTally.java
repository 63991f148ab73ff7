package io.darkwatch.cli.local;

import io.darkwatch.capture.publish.PacketSink;
import io.darkwatch.common.packet.IpProtocol;
import io.darkwatch.common.packet.PacketSummary;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts what is published, per destination port (TCP and UDP) and per source country, on its way
 * to the real sink: the exact ranking for the summary (the seed report's Tables 1 and 2), and the
 * figures the pipeline's own per-country window totals are checked against.
 */
final class TrafficTally implements PacketSink {
    private final PacketSink delegate;
    private final long[] tcpPorts = new long[65536];
    private final long[] udpPorts = new long[65536];
    private final Map<String, Long> countries = new HashMap<>();

    TrafficTally(PacketSink delegate) {
        this.delegate = delegate;
    }

    @Override
    public void publish(PacketSummary p) {
        if (p.protocol() == IpProtocol.TCP) {
            tcpPorts[p.dstPort()]++;
        } else if (p.protocol() == IpProtocol.UDP) {
            udpPorts[p.dstPort()]++;
        }
        countries.merge(p.country(), 1L, Long::sum);
        delegate.publish(p);
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    Map<String, Long> countries() {
        return Map.copyOf(countries);
    }

    /** The {@code n} most-hit destination ports, as "23/tcp", with their packet counts, most first. */
    List<Ranked> topPorts(int n) {
        List<Ranked> all = new java.util.ArrayList<>();
        for (int port = 0; port < 65536; port++) {
            if (tcpPorts[port] > 0) {
                all.add(new Ranked(port + "/tcp", tcpPorts[port]));
            }
            if (udpPorts[port] > 0) {
                all.add(new Ranked(port + "/udp", udpPorts[port]));
            }
        }
        return top(all, n);
    }

    List<Ranked> topCountries(int n) {
        return top(countries.entrySet().stream().map(e -> new Ranked(e.getKey(), e.getValue())).toList(), n);
    }

    private static List<Ranked> top(List<Ranked> entries, int n) {
        return entries.stream()
                .sorted(Comparator.comparingLong(Ranked::count).reversed().thenComparing(Ranked::name))
                .limit(n).toList();
    }
}
